package wal

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

func TestAppendWritesInOrder(t *testing.T) {
	for _, p := range []Policy{Always, EverySec, No} {
		t.Run(p.String(), func(t *testing.T) {
			fs := vfs.NewMem()
			w := NewWriter(fastOpts(createFile(t, fs, "log"), p))
			var want []byte
			for i := 1; i <= 200; i++ {
				b := fmt.Appendf(nil, "rec-%d;", i)
				want = append(want, b...)
				if err := w.Append(b, uint64(i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.WaitDurable(200); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			mustEqual(t, readFile(t, fs, "log"), want)
			st := w.Stats()
			if st.BytesWritten != int64(len(want)) || st.WrittenLSN != 200 || st.DurableLSN != 200 {
				t.Fatalf("stats %+v", st)
			}
		})
	}
}

func TestOffsetContinuesExistingFile(t *testing.T) {
	fs := vfs.NewMem()
	f := createFile(t, fs, "log")
	if _, err := f.Write([]byte("old;")); err != nil {
		t.Fatal(err)
	}
	w := NewWriter(Options{File: f, Offset: 4, Policy: Always})
	if err := w.Append([]byte("new;"), 1); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	mustEqual(t, readFile(t, fs, "log"), []byte("old;new;"))
}

// Under Always, an acknowledged append is in the synced part of the file:
// a crash right after WaitDurable keeps it.
func TestAlwaysAckImpliesSynced(t *testing.T) {
	fs := vfs.NewCrashableMem()
	w := NewWriter(Options{File: createFile(t, fs, "log"), Policy: Always})
	syncDir(t, fs, "")
	var want []byte
	for i := 1; i <= 50; i++ {
		b := fmt.Appendf(nil, "%d;", i)
		want = append(want, b...)
		if err := w.Append(b, uint64(i)); err != nil {
			t.Fatal(err)
		}
		if err := w.WaitDurable(uint64(i)); err != nil {
			t.Fatal(err)
		}
		mustEqual(t, readFile(t, fs.CrashClone(vfs.CrashCloneCfg{}), "log"), want)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestNoPolicyNeverSyncsUntilClose(t *testing.T) {
	fs := vfs.NewCrashableMem()
	w := NewWriter(fastOpts(createFile(t, fs, "log"), No))
	syncDir(t, fs, "")
	for i := 1; i <= 20; i++ {
		if err := w.Append([]byte("x"), uint64(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WaitDurable(20); err != nil { // "no": written is as good as it gets
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond)
	if st := w.Stats(); st.Fsyncs != 0 || st.WrittenLSN != 20 {
		t.Fatalf("stats %+v", st)
	}
	if n := len(readFile(t, fs.CrashClone(vfs.CrashCloneCfg{}), "log")); n != 0 {
		t.Fatalf("%d bytes synced under appendfsync no", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(readFile(t, fs.CrashClone(vfs.CrashCloneCfg{}), "log")); n != 20 {
		t.Fatalf("Close left %d of 20 bytes synced", n)
	}
}

func TestEverySecSyncsInBackground(t *testing.T) {
	fs := vfs.NewCrashableMem()
	w := NewWriter(fastOpts(createFile(t, fs, "log"), EverySec))
	syncDir(t, fs, "")
	start := time.Now()
	for i := 1; i <= 100; i++ {
		if err := w.Append([]byte("y"), uint64(i)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Microsecond)
	}
	if err := w.WaitDurable(100); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	st := w.Stats()
	// At most one fsync per interval, plus one for the tail.
	if limit := int64(elapsed/(5*time.Millisecond)) + 2; st.Fsyncs > limit {
		t.Fatalf("%d fsyncs in %v, want at most %d", st.Fsyncs, elapsed, limit)
	}
	if n := len(readFile(t, fs.CrashClone(vfs.CrashCloneCfg{}), "log")); n != 100 {
		t.Fatalf("%d of 100 bytes synced after WaitDurable", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// A slow fsync holds EverySec writes back for MaxPostpone, then they are
// written anyway and counted, as Redis counts aof_delayed_fsync.
func TestEverySecPostponesBehindSlowFsync(t *testing.T) {
	fs := vfs.NewMem()
	fp := &Failpoints{}
	opts := fastOpts(createFile(t, fs, "log"), EverySec)
	opts.Failpoints = fp
	w := NewWriter(opts)
	if err := w.Append([]byte("a"), 1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return w.Stats().WrittenLSN == 1 })
	fp.DelaySync(300 * time.Millisecond)
	waitFor(t, func() bool { return w.Stats().FsyncInProgress })
	if err := w.Append([]byte("b"), 2); err != nil {
		t.Fatal(err)
	}
	time.Sleep(15 * time.Millisecond) // < MaxPostpone: still held back
	if st := w.Stats(); st.WrittenLSN != 1 || st.PendingBytes != 1 {
		t.Fatalf("write not postponed: %+v", st)
	}
	waitFor(t, func() bool { return w.Stats().WrittenLSN == 2 })
	st := w.Stats()
	if st.DelayedFsyncs != 1 || !st.FsyncInProgress {
		t.Fatalf("want one delayed fsync during the slow one: %+v", st)
	}
	fp.DelaySync(0)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	mustEqual(t, readFile(t, fs, "log"), []byte("ab"))
}

func TestRotateSyncsOldFileFirst(t *testing.T) {
	for _, p := range []Policy{Always, EverySec, No} {
		t.Run(p.String(), func(t *testing.T) {
			fs := vfs.NewCrashableMem()
			w := NewWriter(fastOpts(createFile(t, fs, "a"), p))
			f2 := createFile(t, fs, "b")
			syncDir(t, fs, "")
			if err := w.Append([]byte("one;"), 1); err != nil {
				t.Fatal(err)
			}
			if err := w.Rotate(f2, 0); err != nil {
				t.Fatal(err)
			}
			if err := w.Append([]byte("two;"), 2); err != nil {
				t.Fatal(err)
			}
			// The rotation fsyncs "a" under every policy.
			waitFor(t, func() bool { return w.Stats().WrittenLSN == 2 })
			mustEqual(t, readFile(t, fs.CrashClone(vfs.CrashCloneCfg{}), "a"), []byte("one;"))
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			mustEqual(t, readFile(t, fs, "b"), []byte("two;"))
		})
	}
}

func TestGroupCommitReleasesManyWaitersPerFsync(t *testing.T) {
	fs := vfs.NewMem()
	fp := &Failpoints{}
	fp.DelaySync(2 * time.Millisecond)
	w := NewWriter(Options{File: createFile(t, fs, "log"), Policy: Always, Failpoints: fp})
	var order sync.Mutex
	var lsn uint64
	var wg sync.WaitGroup
	const clients, each = 32, 20
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				order.Lock()
				lsn++
				my := lsn
				err := w.Append([]byte("z"), my)
				order.Unlock()
				if err == nil {
					err = w.WaitDurable(my)
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	st := w.Stats()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	acks := int64(clients * each)
	t.Logf("%d acknowledged appends, %d fsyncs", acks, st.Fsyncs)
	if st.Fsyncs*4 > acks {
		t.Fatalf("group commit ineffective: %d fsyncs for %d acks", st.Fsyncs, acks)
	}
}

func TestAppendAfterCloseFails(t *testing.T) {
	w := NewWriter(Options{File: createFile(t, vfs.NewMem(), "log")})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Append([]byte("x"), 1); err != ErrClosed {
		t.Fatalf("Append after Close: %v", err)
	}
	if err := w.WaitDurable(1); err != ErrClosed {
		t.Fatalf("WaitDurable after Close: %v", err)
	}
}

func TestLSNBackwardsPanics(t *testing.T) {
	w := NewWriter(Options{File: createFile(t, vfs.NewMem(), "log")})
	defer w.Close()
	_ = w.Append([]byte("x"), 5)
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for a decreasing LSN")
		}
	}()
	_ = w.Append([]byte("y"), 4)
}

func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5s")
		}
		time.Sleep(time.Millisecond)
	}
}

// Under everysec a reply waits for the write, not the fsync: WaitWritten
// returns once the bytes are in the file, before any fsync happened.
func TestWaitWrittenDoesNotWaitForFsync(t *testing.T) {
	fs := vfs.NewMem()
	opts := fastOpts(createFile(t, fs, "log"), EverySec)
	opts.SyncInterval = time.Hour // no background fsync during the test
	w := NewWriter(opts)
	defer w.Close()
	if err := w.Append([]byte("abc"), 1); err != nil {
		t.Fatal(err)
	}
	if err := w.WaitWritten(1); err != nil {
		t.Fatal(err)
	}
	if got := w.DurableLSN(); got != 0 {
		t.Fatalf("durable LSN %d: the write should not have been fsynced yet", got)
	}
	f, err := fs.Open("log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 3)
	if _, err := f.ReadAt(buf, 0); err != nil || string(buf) != "abc" {
		t.Fatalf("file holds %q (%v) after WaitWritten", buf, err)
	}
}

// Sync makes everything appended before it durable under every policy,
// even where the policy itself would not fsync for a long time or ever.
func TestSyncForcesFsyncUnderEveryPolicy(t *testing.T) {
	for _, p := range []Policy{Always, EverySec, No} {
		t.Run(p.String(), func(t *testing.T) {
			fs := vfs.NewCrashableMem()
			opts := fastOpts(createFile(t, fs, "log"), p)
			opts.SyncInterval = time.Hour // EverySec: never on its own here
			w := NewWriter(opts)
			syncDir(t, fs, "")
			for i := 1; i <= 10; i++ {
				if err := w.Append([]byte("z;"), uint64(i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Sync(); err != nil {
				t.Fatal(err)
			}
			mustEqual(t, readFile(t, fs.CrashClone(vfs.CrashCloneCfg{}), "log"), bytes.Repeat([]byte("z;"), 10))
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if err := w.Sync(); !errors.Is(err, ErrClosed) {
				t.Fatalf("Sync after Close: %v", err)
			}
		})
	}
}

// An EverySec fsync already running when Sync is asked does not count for
// it: Sync returns only once the bytes written after that fsync began are
// durable too.
func TestSyncWaitsPastRunningBackgroundFsync(t *testing.T) {
	fs := vfs.NewCrashableMem()
	fp := &Failpoints{}
	opts := fastOpts(createFile(t, fs, "log"), EverySec)
	opts.Failpoints = fp
	w := NewWriter(opts)
	syncDir(t, fs, "")
	fp.DelaySync(100 * time.Millisecond)
	if err := w.Append([]byte("a"), 1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return w.Stats().FsyncInProgress })
	if err := w.Append([]byte("b"), 2); err != nil {
		t.Fatal(err)
	}
	if err := w.Sync(); err != nil {
		t.Fatal(err)
	}
	mustEqual(t, readFile(t, fs.CrashClone(vfs.CrashCloneCfg{}), "log"), []byte("ab"))
	fp.DelaySync(0)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// A failed fsync fails Sync with the Writer's sticky error.
func TestSyncReportsFailedFsync(t *testing.T) {
	fs := vfs.NewMem()
	fp := &Failpoints{}
	opts := fastOpts(createFile(t, fs, "log"), No)
	opts.Failpoints = fp
	w := NewWriter(opts)
	if err := w.Append([]byte("a"), 1); err != nil {
		t.Fatal(err)
	}
	fp.FailNextSync(errors.New("injected EIO"))
	if err := w.Sync(); !errors.Is(err, ErrFailed) {
		t.Fatalf("Sync after a failed fsync: %v", err)
	}
	_ = w.Close()
}
