package engine

import "math"

// BlockRequest is a blocking command's wish to wait: the server parks the
// client until one of Keys is signalled ready (KeyReady) or Deadline
// passes, then runs the same command again. A command that blocks writes
// no reply; on timeout the server writes the null reply Redis sends.
type BlockRequest struct {
	Keys     []string // copies, safe to keep
	Deadline int64    // unix ms; 0 waits for ever
	// TimeoutReply is the reply on timeout; nil means a null array.
	TimeoutReply func(c *Ctx)
	// Rerun, when set, runs in place of the command's Run on re-runs, so
	// that a command can keep what it resolved on its first run (XREAD
	// with $ keeps the last ID it saw). Hook (streams).
	Rerun func(c *Ctx)
}

// CanBlock reports whether the command may block: not inside MULTI/EXEC,
// scripts or log replay, where blocking commands act as if timed out.
func (c *Ctx) CanBlock() bool { return !c.NoBlock && !c.E.loading }

// Block asks the server to park this client (see BlockRequest).
// REQUIRES: CanBlock.
func (c *Ctx) Block(deadline int64, keys ...string) {
	c.block = &BlockRequest{Keys: keys, Deadline: deadline}
}

// BlockWith is Block with a custom timeout reply.
func (c *Ctx) BlockWith(deadline int64, timeout func(c *Ctx), keys ...string) {
	c.block = &BlockRequest{Keys: keys, Deadline: deadline, TimeoutReply: timeout}
}

// Blocked returns the command's block request, if it made one.
func (c *Ctx) Blocked() *BlockRequest { return c.block }

// Timeout parses argument i as a blocking timeout in seconds (a double, as
// Redis 6+) and returns the absolute deadline in ms, 0 for none.
func (c *Ctx) Timeout(i int) (deadline int64, ok bool) {
	f, ok := ParseFloat(c.Args[i])
	if !ok || math.IsInf(f, 0) {
		c.W.Error(ErrTimeout)
		return 0, false
	}
	if f < 0 {
		c.W.Error(ErrTimeoutNeg)
		return 0, false
	}
	ms := int64(f * 1000)
	if f*1000 > float64(math.MaxInt64/2) {
		c.W.Error(ErrTimeout)
		return 0, false
	}
	if ms == 0 {
		return 0, true
	}
	return c.Now() + ms, true
}
