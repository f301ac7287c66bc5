package engine

import (
	"math/rand/v2"
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

// TestDurabilityHotKeyQueuedOnce: a key written over and over between
// prunes (a counter) has one queue entry, and keeps its latest LSN.
func TestDurabilityHotKeyQueuedOnce(t *testing.T) {
	e, _ := testEngine(t)
	e.TrackDurability(true)
	var first, last uint64
	for i := range 1000 {
		run(e, "INCR", "counter")
		last = settle(e)
		if i == 0 {
			first = last
		}
	}
	if n := len(e.dur.queue) - e.dur.head; n != 1 {
		t.Fatalf("queue holds %d entries for one key, want 1", n)
	}
	if got := e.ReadLSN(0, "counter"); got != last {
		t.Fatalf("ReadLSN = %d, want the last write's %d", got, last)
	}
	e.PruneDurable(first) // durable up to the first write only
	if got := e.ReadLSN(0, "counter"); got != last || e.TrackedKeys() != 1 {
		t.Fatalf("after a partial prune: ReadLSN %d (want %d), tracked %d", got, last, e.TrackedKeys())
	}
	run(e, "INCR", "counter") // pending when the next prune runs
	e.PruneDurable(last)
	if got := e.ReadLSN(0, "counter"); got != e.LSN() {
		t.Fatalf("pending key after prune: ReadLSN %d, want the current LSN %d", got, e.LSN())
	}
	l := settle(e)
	e.PruneDurable(l)
	if e.TrackedKeys() != 0 || len(e.dur.queue) != e.dur.head {
		t.Fatalf("after a full prune: tracked %d, queue %d", e.TrackedKeys(), len(e.dur.queue)-e.dur.head)
	}
}

// TestDurabilityAgainstModel: random writes, settles and prunes at random
// durable points. A key's ReadLSN must be its last write's LSN while that is
// not durable (the current LSN while unsettled), and at most the durable
// point once it is; a prune up to everything settled empties the table.
func TestDurabilityAgainstModel(t *testing.T) {
	e, _ := testEngine(t)
	e.TrackDurability(true)
	rng := rand.New(rand.NewPCG(7, 11))
	keys := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	model := map[string]uint64{} // key -> LSN of its last write (pendingLSN until settled)
	var settled []uint64
	var durable uint64
	for step := range 20000 {
		switch op := rng.IntN(10); {
		case op < 6:
			k := keys[rng.IntN(len(keys))]
			run(e, "SET", k, "v")
			model[k] = pendingLSN
		case op < 8:
			l := settle(e)
			for k, v := range model {
				if v == pendingLSN {
					model[k] = l
				}
			}
			settled = append(settled, l)
		default:
			if len(settled) > 0 {
				durable = max(durable, settled[rng.IntN(len(settled))])
				e.PruneDurable(durable)
			}
		}
		for _, k := range keys {
			got, want := e.ReadLSN(0, k), model[k]
			switch {
			case want == pendingLSN:
				if got != e.LSN() {
					t.Fatalf("step %d: unsettled %q: ReadLSN %d, want %d", step, k, got, e.LSN())
				}
			case want > durable:
				if got != want {
					t.Fatalf("step %d: %q: ReadLSN %d, want %d (durable %d)", step, k, got, want, durable)
				}
			default:
				if got > durable {
					t.Fatalf("step %d: durable %q: ReadLSN %d beyond durable %d", step, k, got, durable)
				}
			}
		}
	}
	e.PruneDurable(settle(e))
	if e.TrackedKeys() != 0 {
		t.Fatalf("a prune up to everything left %d keys", e.TrackedKeys())
	}
}
