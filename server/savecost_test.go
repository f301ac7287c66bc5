package server

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// While BGSAVE runs, INFO shows how far it got and what the writes made
// meanwhile cost in memory (Redis's current_cow_* and current_save_keys_*);
// afterwards rdb_last_cow_size keeps the peak and the current fields are 0.
func TestInfoFollowsBackgroundSave(t *testing.T) {
	s := startServer(t, "--appendonly", "yes")
	c := dial(t, s)
	c.expect("OK", "DEBUG", "POPULATE", "20000", "key", "16")
	num := func(field string) int64 {
		t.Helper()
		n, err := strconv.ParseInt(c.info(field), 10, 64)
		if err != nil {
			t.Fatalf("%s: %q", field, c.info(field))
		}
		return n
	}
	release := make(chan struct{})
	s.setRDBFS(blockingFS{FS: vfs.Default, release: release})
	c.expect("Background saving started", "BGSAVE")
	if got := num("current_save_keys_total"); got != 20000 {
		t.Fatalf("current_save_keys_total %d during the save", got)
	}
	if got := num("current_save_keys_processed"); got != 0 {
		t.Fatalf("current_save_keys_processed %d before the file exists", got)
	}
	// Every overwrite after the snapshot copies what it touches. NB: how
	// much the heap holds also depends on when the collector last ran
	// (TestSaveCostFollowsHeap pins the arithmetic), so only the relations
	// between the fields are asserted here.
	for i := 0; i < 20000; i++ {
		c.send("SET", fmt.Sprint("key:", i), "overwritten-value")
	}
	for i := 0; i < 20000; i++ {
		c.read()
	}
	during, peak := num("current_cow_size"), num("current_cow_peak")
	if during < 0 || peak < during {
		t.Fatalf("current_cow_size %d, current_cow_peak %d during the save", during, peak)
	}
	close(release)
	c.waitBgsave()
	if last := num("rdb_last_cow_size"); last < peak {
		t.Fatalf("rdb_last_cow_size %d, below the peak %d seen during the save", last, peak)
	}
	for _, f := range []string{"current_cow_size", "current_cow_peak", "current_save_keys_total", "current_save_keys_processed"} {
		if got := num(f); got != 0 {
			t.Fatalf("%s %d after the save", f, got)
		}
	}
	if got := c.info("current_fork_perc"); got != "0.00" {
		t.Fatalf("current_fork_perc %q after the save", got)
	}
	c.expect("Background append only file rewriting started", "BGREWRITEAOF")
	waitRewrite(t, c)
	if got := num("aof_last_cow_size"); got < 0 {
		t.Fatalf("aof_last_cow_size %d", got)
	}
}

// Progress counted in steps (the AOF rewrite's) never shows past the
// snapshot's keys.
func TestSaveCostProgressStopsAtTotal(t *testing.T) {
	c := &saveCost{heap: func() uint64 { return 0 }, total: 1000}
	for i := 0; i < 20; i++ {
		c.wrote(yieldEvery)
	}
	if got := c.keys.Load(); got != 20*yieldEvery {
		t.Fatalf("keys %d", got)
	}
	var b strings.Builder
	c.info(&b)
	if want := "current_save_keys_processed:1000\r\n"; !strings.Contains(b.String(), want) {
		t.Fatalf("INFO past the total:\n%s", b.String())
	}
	if want := "current_fork_perc:100.00\r\n"; !strings.Contains(b.String(), want) {
		t.Fatalf("INFO:\n%s", b.String())
	}
}

// The cost is the heap held beyond what was held at the snapshot, never
// negative, and its peak stays.
func TestSaveCostFollowsHeap(t *testing.T) {
	heap := uint64(100)
	c := &saveCost{heap: func() uint64 { return heap }, startHeap: 100, total: 10}
	for _, step := range []struct{ heap, cur, peak int64 }{
		{150, 50, 50}, {120, 20, 50}, {90, 0, 50}, {180, 80, 80},
	} {
		heap = uint64(step.heap)
		c.keys.Store(5)
		c.sample()
		if c.cur.Load() != step.cur || c.peak.Load() != step.peak {
			t.Fatalf("heap %d: size %d peak %d, want %d and %d", step.heap, c.cur.Load(), c.peak.Load(), step.cur, step.peak)
		}
	}
	var b strings.Builder
	c.info(&b)
	for _, want := range []string{"current_cow_peak:80\r\n", "current_cow_size:80\r\n", "current_fork_perc:50.00\r\n",
		"current_save_keys_processed:5\r\n", "current_save_keys_total:10\r\n"} {
		if !strings.Contains(b.String(), want) {
			t.Fatalf("INFO lacks %q:\n%s", want, b.String())
		}
	}
}
