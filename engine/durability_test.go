package engine

import (
	"testing"
	"time"
)

// settle plays the server's part: effects go to the log with their LSNs.
func settle(e *Engine) uint64 {
	e.TakeEffects()
	e.SettleWrites(e.LSN())
	return e.LSN()
}

func TestDurabilityReadLSN(t *testing.T) {
	e, _ := testEngine(t)
	e.TrackDurability(true)
	run(e, "SET", "a", "1")
	if got := e.ReadLSN(0, "a"); got != e.LSN() {
		t.Fatalf("pending key: %d, want the current LSN %d", got, e.LSN())
	}
	la := settle(e)
	run(e, "SET", "b", "1")
	lb := settle(e)
	for _, tc := range []struct {
		db   int
		key  string
		want uint64
	}{
		{0, "a", la}, {0, "b", lb}, {0, "never-written", 0}, {1, "a", 0},
	} {
		if got := e.ReadLSN(tc.db, tc.key); got != tc.want {
			t.Errorf("ReadLSN(%d, %q) = %d, want %d", tc.db, tc.key, got, tc.want)
		}
	}
	e.PruneDurable(la)
	if e.ReadLSN(0, "a") != 0 || e.ReadLSN(0, "b") != lb || e.TrackedKeys() != 1 {
		t.Fatalf("after prune: a %d b %d tracked %d", e.ReadLSN(0, "a"), e.ReadLSN(0, "b"), e.TrackedKeys())
	}
}

// TestDurabilityDeletesCount: a read that finds nothing must wait for the
// deletion that made it so, whether by DEL, expiry, FLUSHDB or SWAPDB.
func TestDurabilityDeletesCount(t *testing.T) {
	e, now := testEngine(t)
	e.TrackDurability(true)
	run(e, "SET", "gone", "1")
	run(e, "SET", "ttl", "1", "PX", "10")
	runDB(e, 2, "SET", "x", "1")
	e.PruneDurable(settle(e))
	if e.TrackedKeys() != 0 {
		t.Fatal("durable writes still tracked")
	}
	run(e, "DEL", "gone")
	ldel := settle(e)
	if got := e.ReadLSN(0, "gone"); got != ldel {
		t.Fatalf("deleted key: %d, want %d", got, ldel)
	}
	*now = now.Add(20 * time.Millisecond) // the key expires; a read deletes it
	run(e, "GET", "ttl")
	lexp := settle(e)
	if lexp == ldel || e.ReadLSN(0, "ttl") != lexp {
		t.Fatalf("expired key: %d, want %d", e.ReadLSN(0, "ttl"), lexp)
	}
	e.PruneDurable(lexp)
	runDB(e, 2, "FLUSHDB")
	lf := settle(e)
	if got := e.ReadLSN(2, "x"); got != lf {
		t.Fatalf("flushed db: %d, want %d", got, lf)
	}
	run(e, "SWAPDB", "3", "4")
	ls := settle(e)
	if e.ReadLSN(3, "any") != ls || e.ReadLSN(4, "any") != ls || e.ReadLSN(5, "any") != 0 {
		t.Fatal("swapped databases not marked")
	}
	e.PruneDurable(ls)
	if e.ReadLSN(2, "x") != 0 || e.ReadLSN(3, "any") != 0 || e.TrackedKeys() != 0 {
		t.Fatal("prune left entries")
	}
}
