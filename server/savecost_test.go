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
	// Every overwrite after the snapshot copies what it touches.
	for i := 0; i < 20000; i++ {
		c.send("SET", fmt.Sprint("key:", i), "overwritten-value")
	}
	for i := 0; i < 20000; i++ {
		c.read()
	}
	during := num("current_cow_size")
	if during <= 0 || num("current_cow_peak") < during {
		t.Fatalf("current_cow_size %d, current_cow_peak %d after 20,000 writes during the save",
			during, num("current_cow_peak"))
	}
	close(release)
	c.waitBgsave()
	if last := num("rdb_last_cow_size"); last < during {
		t.Fatalf("rdb_last_cow_size %d, below %d seen during the save", last, during)
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
	c := &saveCost{total: 1000}
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
