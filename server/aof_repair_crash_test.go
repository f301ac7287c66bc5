package server

import (
	"math/rand/v2"
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
	seed := *aofSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -aof-seed %d)", seed, seed)
	const counters = 2
	mem := vfs.NewCrashableMem()
	model := &crashModel{mu: new(sync.Mutex), attempted: make([]int64, counters), acked: make([]int64, counters),
		read: make([]int64, counters)}
	var (
		points, duringRepair, failures atomic.Int64
		armed, repairing               atomic.Bool
		pointMu                        sync.Mutex
		rng                            = rand.New(rand.NewPCG(seed, 11))
	)
	fs := errorfs.Wrap(mem, errorfs.InjectorFunc(func(op errorfs.Op) error {
		if !armed.Load() {
			return nil
		}
		pointMu.Lock()
		defer pointMu.Unlock()
		want := model.snapshot()
		img := mem.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: 20 + rng.IntN(60),
			RNG: rand.New(rand.NewPCG(rng.Uint64(), 3))})
		points.Add(1)
		if repairing.Load() {
			duringRepair.Add(1)
		}
		if msg := checkCrashImage(img, want); msg != "" && failures.Add(1) <= 5 {
			t.Errorf("crash point %d (before %v %s): %s", points.Load(), op.Kind, op.Path, msg)
		}
		return nil
	}))
	s := startAOF(t, fs, "--appendfsync", "always", "--strata-aof-reserve", "0")
	armed.Store(true)
	var stopWriters, pause atomic.Bool
	var wg sync.WaitGroup
	for i := 0; i < counters; i++ {
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
	armed.Store(false)
	stop(t, s)
	t.Logf("%d crash points checked, %d during the repair, %d failed", points.Load(), duringRepair.Load(), failures.Load())
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
