package engine

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// fillBig builds key as a list (or sorted set) of n elements through the
// commands, in batches.
func fillBig(e *Engine, key string, n int, zset bool) {
	const batch = 1000
	for i := 0; i < n; i += batch {
		args := []string{"RPUSH", key}
		if zset {
			args[0] = "ZADD"
		}
		for j := i; j < min(i+batch, n); j++ {
			if zset {
				args = append(args, strconv.Itoa(j), "member:"+strconv.Itoa(j))
			} else {
				args = append(args, "element:"+strconv.Itoa(j))
			}
		}
		run(e, args...)
		e.Lock()
		e.TakeEffects() // the log is not what we measure
		e.Unlock()
	}
}

// lzAllocatedBy returns the bytes the heap allocated while fn ran.
func lzAllocatedBy(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// processRSS reads the resident set size where /proc offers it; the test
// only logs it, for comparison with Redis's used_memory_rss.
func processRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:"))
		}
	}
	return "unknown"
}

// liveHeap returns the bytes in use after a full collection.
func lzLiveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestBigCollectionsWriteAfterSnapshot pins DESIGN invariant 4 for
// collections: one write to a 1,000,000-element list or sorted set after a
// snapshot copies a path (O(log n) bytes), never the collection, and the
// snapshot keeps the old contents.
func TestBigCollectionsWriteAfterSnapshot(t *testing.T) {
	e, _ := testEngine(t)
	const n = 1_000_000
	base := lzLiveHeap()
	fillBig(e, "list", n, false)
	listHeap := lzLiveHeap() - base
	fillBig(e, "zset", n, true)
	zsetHeap := lzLiveHeap() - base - listHeap
	t.Logf("live heap: list of %d = %.1f MB (%.1f B/elem), zset of %d = %.1f MB (%.1f B/member); process RSS %s",
		n, float64(listHeap)/1e6, float64(listHeap)/n, n, float64(zsetHeap)/1e6, float64(zsetHeap)/n, processRSS())

	e.Lock()
	snap := e.Snapshot()
	e.Unlock()
	for _, tc := range []struct {
		args  []string
		limit uint64
	}{
		{[]string{"LSET", "list", "500000", "changed"}, 64 << 10},
		{[]string{"LINSERT", "list", "BEFORE", "element:999999", "new"}, 64 << 10},
		{[]string{"RPUSH", "list", "tail"}, 64 << 10},
		{[]string{"ZADD", "zset", "0.5", "new"}, 64 << 10},
		{[]string{"ZINCRBY", "zset", "1000000", "member:10"}, 64 << 10},
		{[]string{"ZREM", "zset", "member:500000"}, 64 << 10},
	} {
		got := lzAllocatedBy(func() { run(e, tc.args...) })
		t.Logf("%v after snapshot allocated %d bytes", tc.args, got)
		if got > tc.limit {
			t.Errorf("%v after snapshot allocated %d bytes, want <= %d (path copy only)", tc.args, got, tc.limit)
		}
	}
	old := snap.DBs[0].Get("list").Obj().(*List)
	if string(old.Index(500000)) != "element:500000" || old.Len() != n {
		t.Errorf("snapshot list changed: len %d, [500000] %q", old.Len(), old.Index(500000))
	}
	oz := snap.DBs[0].Get("zset").Obj().(*ZSet)
	if s, ok := oz.Score("member:500000"); !ok || s != 500000 || oz.Len() != n {
		t.Errorf("snapshot zset changed: len %d", oz.Len())
	}
	if got := run(e, "LINDEX", "list", "500000"); got != rBulk("changed") {
		t.Errorf("live list LINDEX = %q", got)
	}
	if got := run(e, "ZRANK", "zset", "member:10"); got != rInt(n-1) {
		t.Errorf("live ZRANK = %q, want %d", got, n-1)
	}
}

// BenchmarkSnapshotThenWriteEach measures the memory a snapshot costs when
// each of 1,000 big collections (lists of 2,000 elements, sorted sets of
// 1,000 members) then takes one write: it should be a few KB per
// collection (one path), not the collections' size.
func BenchmarkSnapshotThenWriteEach(b *testing.B) {
	const colls = 1000
	e, _ := testEngine(b)
	for i := 0; i < colls; i++ {
		fillBig(e, "l"+strconv.Itoa(i), 2000, false)
		fillBig(e, "z"+strconv.Itoa(i), 1000, true)
	}
	total := lzLiveHeap()
	b.ResetTimer()
	var extra uint64
	var gc0, gc1 runtime.MemStats
	runtime.ReadMemStats(&gc0)
	for it := 0; it < b.N; it++ {
		e.Lock()
		snap := e.Snapshot()
		e.Unlock()
		before := lzLiveHeap()
		for i := 0; i < colls; i++ {
			run(e, "LSET", "l"+strconv.Itoa(i), "1000", "x")
			run(e, "ZADD", "z"+strconv.Itoa(i), "0.5", "new"+strconv.Itoa(it))
		}
		extra = lzLiveHeap() - before
		runtime.KeepAlive(snap)
	}
	runtime.ReadMemStats(&gc1)
	b.ReportMetric(float64(total)/1e6, "MB-dataset")
	b.ReportMetric(float64(extra)/1e6, "MB-extra-after-snapshot")
	b.ReportMetric(float64(extra)/(2*colls), "B/write")
	b.ReportMetric(float64(gc1.PauseTotalNs-gc0.PauseTotalNs)/float64(b.N)/1e3, "us-gc-pause/op")
	b.ReportMetric(gc1.GCCPUFraction*100, "%gc-cpu")
}
