package server

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
)

// TestAOFCrashDuringRepair: after a failed fsync the INCR file in use ends
// in bytes no fsync covered, which a crash may tear anywhere. The server
// repairs by writing a fresh base from memory next to a new INCR file;
// crash images taken before every file operation, through the failure,
// the repair and after, must all recover to a state that holds every
// acknowledged INCR and nothing never sent. The manifest used to list the
// new file right away, after the failed one, where a torn tail is damage
// that stops recovery.
func TestAOFCrashDuringRepair(t *testing.T) {
	mem := vfs.NewCrashableMem()
	model := newCrashModel(2)
	imgs := newCrashImages(t, mem, model, 20, 60)
	var repairing atomic.Bool
	var duringRepair atomic.Int64
	imgs.onPoint = func() {
		if repairing.Load() {
			duringRepair.Add(1)
		}
	}
	fs := errorfs.Wrap(mem, imgs)
	s := startAOF(t, fs, "--appendfsync", "always", "--strata-aof-reserve", "0")
	imgs.armed.Store(true)
	var stopWriters, pause atomic.Bool
	var wg sync.WaitGroup
	for i := range model.attempted {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			repairWriter(t, s, model, i, &stopWriters, &pause)
		}(i)
	}
	c := dial(t, s)
	time.Sleep(30 * time.Millisecond)
	// The writers pause, so that the failing fsync is the one of the
	// batch below, alone.
	pause.Store(true)
	time.Sleep(20 * time.Millisecond)
	repairing.Store(true)
	c.expect("OK", "DEBUG", "AOF-FAIL-FSYNC", "EIO")
	// A value over several 4 KiB pages in the batch whose fsync fails:
	// the failed file's unsynced tail then spans pages a crash keeps or
	// loses one by one.
	c.sendNow("SET", "big", strings.Repeat("b", 20000))
	time.Sleep(20 * time.Millisecond)
	pause.Store(false)
	c2 := dial(t, s)
	waitFor(t, func() bool { return c2.do("SET", "after", "1") == "OK" })
	repairing.Store(false)
	if got := c.read().String(); got != "OK" {
		t.Fatalf("SET big during the fault answered %s", got)
	}
	time.Sleep(30 * time.Millisecond)
	stopWriters.Store(true)
	wg.Wait()
	imgs.armed.Store(false)
	stop(t, s)
	t.Logf("%d crash points checked, %d during the repair, %d failed", imgs.points.Load(), duringRepair.Load(),
		imgs.failures.Load())
	if duringRepair.Load() == 0 {
		t.Fatal("no crash point fell inside the repair")
	}
}

// repairWriter INCRs its counter until told to stop, going on through the
// MISCONF errors of a failed disk (a refused INCR did not happen).
func repairWriter(t *testing.T, s *Server, m *crashModel, i int, stop, pause *atomic.Bool) {
	c := dial(t, s)
	key := "k" + strconv.Itoa(i)
	for !stop.Load() {
		if pause.Load() {
			time.Sleep(time.Millisecond)
			continue
		}
		m.mu.Lock()
		m.attempted[i]++
		m.mu.Unlock()
		got := c.do("INCR", key)
		if strings.Contains(got, "MISCONF") {
			time.Sleep(5 * time.Millisecond)
			continue
		}
		v, err := strconv.ParseInt(got, 10, 64)
		if err != nil {
			t.Errorf("INCR %s: %s", key, got)
			return
		}
		m.mu.Lock()
		m.acked[i] = max(m.acked[i], v)
		m.mu.Unlock()
	}
}
