package engine

import (
	"testing"
	"time"

	"github.com/strata-db/strata/internal/resp"
)

// The cheap clock must agree with time.Now to well under a millisecond
// (Redis's expiry resolution) and never go backwards.
func TestClockFollowsTimeNow(t *testing.T) {
	c := newClock()
	prev := c.now()
	deadline := time.Now().Add(3 * clockRenew)
	for n := 0; time.Now().Before(deadline) || n < 1000; n++ {
		before := time.Now()
		got := c.now()
		after := time.Now()
		if got.Before(before.Add(-time.Millisecond)) || got.After(after.Add(time.Millisecond)) {
			t.Fatalf("clock %v outside [%v, %v]", got, before, after)
		}
		if got.Before(prev) {
			t.Fatalf("clock went back from %v to %v", prev, got)
		}
		prev = got
	}
}

// Under one hold of the lock, the clock read that ends a command starts
// the next one; a new hold reads the clock afresh.
func TestExecDoneReadStartsTheNextCommand(t *testing.T) {
	reads := 0
	now := time.UnixMilli(1_700_000_000_000)
	e := New(Options{Now: func() time.Time { reads++; return now }})
	cmd := Lookup([]byte("GET"))
	exec := func() {
		e.Exec(&Ctx{DB: e.DB(0), Cmd: cmd, Args: [][]byte{[]byte("GET"), []byte("k")}, W: resp.NewWriter()})
	}

	e.Lock()
	exec()
	now = now.Add(3 * time.Millisecond)
	if d := e.ExecDone(); d != 3*time.Millisecond {
		t.Fatalf("duration %v, want 3ms", d)
	}
	exec()
	if reads != 2 || e.ExecStart() != now {
		t.Fatalf("second command: %d clock reads, start %v; want 2 reads, start %v", reads, e.ExecStart(), now)
	}
	e.ExecDone()
	e.Unlock()

	now = now.Add(time.Second)
	e.Lock()
	exec()
	e.Unlock()
	if reads != 4 || e.ExecStart() != now {
		t.Fatalf("after a new lock: %d clock reads, start %v; want 4 reads, start %v", reads, e.ExecStart(), now)
	}
}
