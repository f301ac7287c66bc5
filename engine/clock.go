package engine

import "time"

// clock is time.Now for the command loop at a third of the cost.
//
// Every command reads the clock when it starts (its expiry instant) and the
// server reads it again when it ends (its duration). time.Now reads two
// clocks, wall and monotonic; in a VM each read is a visible share of a
// pipelined GET. clock reads only the monotonic clock and adds the elapsed
// time to a wall-clock base it renews every 100 ms, so a stepped system
// clock is followed within that time, as Redis follows it per command.
type clock struct {
	base time.Time // has a monotonic reading, so time.Since reads one clock
}

const clockRenew = 100 * time.Millisecond

func newClock() *clock { return &clock{base: time.Now()} }

func (c *clock) now() time.Time {
	if d := time.Since(c.base); d >= 0 && d < clockRenew {
		return c.base.Add(d)
	}
	c.base = time.Now()
	return c.base
}
