package server

import (
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/strata-db/strata/engine"
)

// saveCost follows a background save (BGSAVE, AOF rewrite) for INFO: how
// far it got (current_save_keys_processed, current_save_keys_total,
// current_fork_perc) and what memory it costs (current_cow_size,
// current_cow_peak, then rdb_last_cow_size or aof_last_cow_size).
//
// Redis counts the pages its fork's copy-on-write duplicated. Strata has no
// fork: the cost is the heap the process holds beyond what it held when the
// snapshot was taken, which is the trie nodes writers copied instead of
// changing in place (the snapshot still points at the old ones) plus what
// else was allocated since and not yet collected. NB: while a save runs
// the collector is held back (saveStarted), so nothing of that is freed
// before it ends; the figure is an upper bound of the copy-on-write alone.
type saveCost struct {
	heap      func() uint64 // heapObjectsBytes; tests give their own
	startHeap uint64
	total     int64 // keys in the snapshot
	keys      atomic.Int64
	cur, peak atomic.Int64
}

var heapObjectsSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

// heapObjectsBytes is the heap held by objects, garbage not yet swept
// included.
func heapObjectsBytes() uint64 { return uint64Metric(heapObjectsSample) }

// uint64Metric reads the one runtime metric named by sample (a template,
// copied so that callers on different goroutines never share it).
func uint64Metric(sample []metrics.Sample) uint64 {
	s := make([]metrics.Sample, 1)
	copy(s, sample)
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

func newSaveCost(snap *engine.Snapshot) *saveCost {
	c := &saveCost{heap: heapObjectsBytes}
	c.startHeap = c.heap()
	for i := range snap.DBs {
		c.total += int64(snap.DBs[i].Len())
	}
	return c
}

// wrote counts n more keys written (the save's writer reports every
// yieldEvery keys), sampling the heap every few thousand.
func (c *saveCost) wrote(n int64) {
	keys := c.keys.Add(n)
	if keys%4096 < n {
		c.sample()
	}
}

// sample measures the heap now. Called by the save's goroutine as it goes
// and by INFO, so that the figure is fresh when asked for.
func (c *saveCost) sample() {
	cur := max(0, int64(c.heap())-int64(c.startHeap))
	c.cur.Store(cur)
	for {
		peak := c.peak.Load()
		if cur <= peak || c.peak.CompareAndSwap(peak, cur) {
			return
		}
	}
}

// info writes the current_* fields Redis shows while a fork runs; c is nil
// when no save runs.
func (c *saveCost) info(b *strings.Builder) {
	if c == nil {
		kv(b, "current_cow_peak", 0)
		kv(b, "current_cow_size", 0)
		kv(b, "current_cow_size_age", 0)
		kv(b, "current_fork_perc", "0.00")
		kv(b, "current_save_keys_processed", 0)
		kv(b, "current_save_keys_total", 0)
		return
	}
	c.sample()
	keys := min(c.keys.Load(), c.total)
	perc := 0.0
	if c.total > 0 {
		perc = float64(keys) * 100 / float64(c.total)
	}
	kv(b, "current_cow_peak", c.peak.Load())
	kv(b, "current_cow_size", c.cur.Load())
	kv(b, "current_cow_size_age", 0) // sampled just now
	kv(b, "current_fork_perc", strconv.FormatFloat(perc, 'f', 2, 64))
	kv(b, "current_save_keys_processed", keys)
	kv(b, "current_save_keys_total", c.total)
}
