package server

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// TestAOFFailedFsyncRefusesWritesThenRecovers: a failed fsync refuses
// writes with MISCONF, reads go on, and the server gets back by itself by
// writing a fresh base; nothing acknowledged is lost across a restart.
func TestAOFFailedFsyncRefusesWritesThenRecovers(t *testing.T) {
	for _, fault := range [][]string{{"AOF-FAIL-FSYNC", "EIO"}, {"AOF-ENOSPC", "1"}} {
		t.Run(fault[0], func(t *testing.T) {
			fs := vfs.NewMem()
			s := startAOF(t, fs, "--appendfsync", "always")
			c := dial(t, s)
			c.expect("OK", "SET", "a", "1")
			c.expect("OK", append([]string{"DEBUG"}, fault...)...)
			c.sendNow("SET", "b", "2")
			// Let the flusher hit the fault before anyone else writes: a
			// write that gets in first shares the failed fsync and is held
			// until the repair instead.
			time.Sleep(50 * time.Millisecond)
			c2 := dial(t, s)
			if got := c2.do("SET", "x", "y"); !strings.HasPrefix(got, "ERR:MISCONF Errors writing to the AOF file") {
				t.Fatalf("SET after the fault: %s", got)
			}
			c2.expect("1", "GET", "a")
			if got := infoField(c2, "aof_last_write_status"); got != "err" {
				t.Fatalf("aof_last_write_status %s", got)
			}
			if fault[0] == "AOF-ENOSPC" {
				c2.expect("OK", "DEBUG", "AOF-ENOSPC", "0")
			}
			waitFor(t, func() bool { return c2.do("SET", "c", "3") == "OK" })
			// The SET caught by the fault is answered once the fresh base
			// holds it.
			if got := c.read().String(); got != "OK" {
				t.Fatalf("SET during the fault answered %s", got)
			}
			if got := infoField(c2, "aof_last_write_status"); got != "ok" {
				t.Fatalf("aof_last_write_status %s after recovery", got)
			}
			want := c2.do("DEBUG", "DIGEST")
			stop(t, s)
			s2 := startAOF(t, fs)
			defer stop(t, s2)
			if got := dial(t, s2).do("DEBUG", "DIGEST"); got != want {
				t.Fatalf("digest after restart %s, want %s", got, want)
			}
		})
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not reached in 5s")
}

// TestAOFReadsDoNotWaitForOthersFsync: under always with a slow disk, a
// GET of a settled key answers without waiting for another client's fsync,
// while a GET of the key being written waits for it.
func TestAOFReadsDoNotWaitForOthersFsync(t *testing.T) {
	s := startAOF(t, vfs.NewMem(), "--appendfsync", "always")
	w, r := dial(t, s), dial(t, s)
	w.expect("OK", "SET", "settled", "1")
	// NB: an fsync of 800 ms, so that a busy machine's scheduling delays
	// stay far from the 400 ms a settled GET may take.
	w.expect("OK", "DEBUG", "AOF-DELAY-FSYNC", "800")
	w.sendNow("SET", "hot", "2")
	time.Sleep(20 * time.Millisecond) // the SET is in, its fsync is not
	start := time.Now()
	r.expect("1", "GET", "settled")
	if d := time.Since(start); d > 400*time.Millisecond {
		t.Fatalf("GET of a settled key took %v", d)
	}
	start = time.Now()
	r.expect("2", "GET", "hot")
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("GET of an undurable key answered after %v, before its fsync", d)
	}
	if got := w.read().String(); got != "OK" {
		t.Fatal(got)
	}
	w.expect("OK", "DEBUG", "AOF-DELAY-FSYNC", "0")
}

// TestAOFConfigSetToggles: CONFIG SET appendonly and appendfsync at run
// time; what was written while the log was off is in the base written when
// it comes back on, and a restart sees everything.
func TestAOFConfigSetToggles(t *testing.T) {
	fs := vfs.NewMem()
	s := startAOF(t, fs)
	c := dial(t, s)
	c.expect("OK", "SET", "a", "1")
	c.expect("OK", "CONFIG", "SET", "appendonly", "no")
	if got := infoField(c, "aof_enabled"); got != "0" {
		t.Fatalf("aof_enabled %s", got)
	}
	c.expect("OK", "SET", "b", "2")
	c.expect("OK", "CONFIG", "SET", "appendonly", "yes")
	c.expect("OK", "CONFIG", "SET", "appendfsync", "always")
	c.expect("OK", "SET", "c", "3")
	c.expect("OK", "CONFIG", "SET", "appendfsync", "no")
	c.expect("OK", "SET", "d", "4")
	if got := infoField(c, "aof_enabled"); got != "1" {
		t.Fatalf("aof_enabled %s", got)
	}
	want := c.do("DEBUG", "DIGEST")
	stop(t, s)
	s2 := startAOF(t, fs)
	defer stop(t, s2)
	c2 := dial(t, s2)
	if got := c2.do("DEBUG", "DIGEST"); got != want {
		t.Fatalf("digest after restart %s, want %s", got, want)
	}
	c2.expect("2", "GET", "b")
}

// TestAOFTimestamps: aof-timestamp-enabled writes "#TS:" annotations that
// loading skips.
func TestAOFTimestamps(t *testing.T) {
	fs := vfs.NewMem()
	s := startAOF(t, fs, "--aof-timestamp-enabled", "yes")
	c := dial(t, s)
	c.expect("OK", "SET", "a", "1")
	c.expect("1", "INCR", "n")
	stop(t, s)
	f, err := fs.Open("/data/appendonlydir/appendonly.aof.1.incr.aof")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if !strings.HasPrefix(string(b), "#TS:") {
		t.Fatalf("no timestamp annotation: %q", b)
	}
	s2 := startAOF(t, fs)
	defer stop(t, s2)
	dial(t, s2).expect("1", "GET", "a")
}
