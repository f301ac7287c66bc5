package engine

import (
	"fmt"
	"math/rand"
	"runtime"
	"testing"
)

// DESIGN invariant 4: a view taken with Snapshot does not change, whatever
// the writer does afterwards. A million random writes over strings and
// every collection type, then every key of the view is checked against a
// copy taken at snapshot time.
func TestSnapshotSurvivesAMillionWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("a million writes; run without -short")
	}
	seed := rand.Int63()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewSource(seed))
	e, _ := testEngine(t)
	for i := 0; i < 20000; i++ {
		writeRandom(e, r, i)
	}
	e.Lock()
	want := e.Digest()
	snap := e.Snapshot()
	e.Unlock()
	for i := 0; i < 1000000; i++ {
		writeRandom(e, r, i)
	}
	// Load the view into a fresh engine and compare digests: equal content.
	f, _ := testEngine(t)
	f.Lock()
	for i := range snap.DBs {
		snap.DBs[i].Range(func(key string, v *Value) bool {
			f.DB(i).Set(key, *v)
			return true
		})
	}
	got := f.Digest()
	f.Unlock()
	if got != want {
		t.Fatalf("snapshot digest %s after a million writes, %s when taken", got, want)
	}
	e.Lock()
	if e.Digest() == want {
		t.Fatal("the live dataset did not change: the test proves nothing")
	}
	e.Unlock()
}

func writeRandom(e *Engine, r *rand.Rand, i int) {
	k := fmt.Sprint("k", r.Intn(5000))
	switch r.Intn(8) {
	case 0:
		run(e, "SET", k, fmt.Sprint(i))
	case 1:
		run(e, "DEL", k)
	case 2:
		run(e, "HSET", "h"+k, fmt.Sprint("f", r.Intn(300)), fmt.Sprint(i))
	case 3:
		run(e, "RPUSH", "l"+k, fmt.Sprint(i))
	case 4:
		run(e, "SADD", "s"+k, fmt.Sprint(r.Intn(1000)))
	case 5:
		run(e, "ZADD", "z"+k, fmt.Sprint(r.Intn(100)), fmt.Sprint("m", r.Intn(300)))
	case 6:
		run(e, "INCR", "c"+k)
	default:
		run(e, "LPOP", "l"+k)
	}
}

// BenchmarkSnapshotMemory: heap added by writes made after a snapshot of a
// large keyspace grows with the writes, not with the dataset. Reports the
// bytes retained per write after a snapshot of `keys` string keys.
func BenchmarkSnapshotMemory(b *testing.B) {
	for _, keys := range []int{100000, 1000000} {
		for _, writes := range []int{1000, 100000} {
			b.Run(fmt.Sprintf("keys=%d/writes=%d", keys, writes), func(b *testing.B) {
				added := snapshotGrowth(b, keys, writes)
				b.ReportMetric(float64(added)/float64(writes), "B/write")
				b.ReportMetric(float64(added)/1e6, "MB-added")
			})
		}
	}
}

// snapshotGrowth returns the live heap added by writes made while a
// snapshot of keys string keys is held.
func snapshotGrowth(tb testing.TB, keys, writes int) int64 {
	e, _ := testEngine(tb)
	e.Lock()
	e.SetLogging(false)
	e.Populate(0, keys, "key", 16)
	e.Unlock()
	before := liveHeap()
	e.Lock()
	snap := e.Snapshot()
	e.Unlock()
	r := rand.New(rand.NewSource(1))
	for i := 0; i < writes; i++ {
		run(e, "SET", fmt.Sprint("key:", r.Intn(keys)), "new-value-16byte")
	}
	after := liveHeap()
	runtime.KeepAlive(snap)
	runtime.KeepAlive(e)
	return after - before
}

func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// A snapshot costs what is written after it, not a copy of the dataset:
// 1,000 writes under a snapshot of 200,000 keys (about 25 MB) must add far
// less than the dataset.
func TestSnapshotCostsWhatIsWritten(t *testing.T) {
	added := snapshotGrowth(t, 200000, 1000)
	t.Logf("1,000 writes after a snapshot of 200,000 keys added %d bytes", added)
	if added > 4<<20 {
		t.Fatalf("1,000 writes after a snapshot added %d bytes: the snapshot is being copied", added)
	}
}

// A view knows how many of its keys carry an expiry (the RDB writer's
// RESIZEDB hint), without walking them.
func TestSnapshotCountsExpires(t *testing.T) {
	e, _ := testEngine(t)
	for i := 0; i < 100; i++ {
		run(e, "SET", fmt.Sprint("k", i), "v")
	}
	for i := 0; i < 30; i++ {
		run(e, "EXPIRE", fmt.Sprint("k", i), "100")
	}
	run(e, "PERSIST", "k0")
	run(e, "DEL", "k1")
	run(e, "SET", "k2", "again")
	run(e, "HSET", "h", "f", "v")
	run(e, "EXPIRE", "h", "50")
	e.Lock()
	snap := e.Snapshot()
	e.Unlock()
	n := 0
	snap.DBs[0].Range(func(_ string, v *Value) bool {
		if v.ExpireAt() != 0 {
			n++
		}
		return true
	})
	if got := snap.DBs[0].Expires(); got != n || n != 28 {
		t.Fatalf("Expires() = %d, keys with an expiry %d, want 28", got, n)
	}
}
