package wal

import (
	"errors"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
)

// checkSticky asserts that err is the sticky failure with the given cause,
// and that the Writer keeps refusing appends and waiters afterwards.
func checkSticky(t *testing.T, w *Writer, err, cause error) {
	t.Helper()
	if !errors.Is(err, ErrFailed) || !errors.Is(err, cause) {
		t.Fatalf("error %v: want ErrFailed wrapping %v", err, cause)
	}
	if err := w.Err(); !errors.Is(err, ErrFailed) || !errors.Is(err, cause) {
		t.Fatalf("Err after failure: %v", err)
	}
	if err := w.Append([]byte("later"), 1000); !errors.Is(err, ErrFailed) {
		t.Fatalf("Append after failure: %v", err)
	}
	if err := w.WaitDurable(1000); !errors.Is(err, ErrFailed) {
		t.Fatalf("WaitDurable after failure: %v", err)
	}
	if err := w.Close(); !errors.Is(err, cause) {
		t.Fatalf("Close after failure: %v", err)
	}
}

func TestFailpointFsyncFailureIsSticky(t *testing.T) {
	for _, p := range []Policy{Always, EverySec} {
		t.Run(p.String(), func(t *testing.T) {
			fp := &Failpoints{}
			opts := fastOpts(createFile(t, vfs.NewMem(), "log"), p)
			opts.Failpoints = fp
			w := NewWriter(opts)
			_ = w.Append([]byte("ok"), 1)
			if err := w.WaitDurable(1); err != nil {
				t.Fatal(err)
			}
			fp.FailNextSync(nil)
			_ = w.Append([]byte("lost"), 2)
			err := w.WaitDurable(2)
			st := w.Stats()
			if !errors.Is(st.LastFsyncErr, ErrInjected) || st.LastWriteErr != nil || st.DurableLSN != 1 {
				t.Fatalf("stats after failed fsync: %+v", st)
			}
			// What was durable before the failure stays acknowledged.
			if err := w.WaitDurable(1); err != nil {
				t.Fatalf("WaitDurable(1) after the failure: %v", err)
			}
			checkSticky(t, w, err, ErrInjected)
		})
	}
}

func TestFailpointNoSpace(t *testing.T) {
	fp := &Failpoints{}
	fp.NoSpace(true)
	w := NewWriter(Options{File: createFile(t, vfs.NewMem(), "log"), Policy: No, Failpoints: fp})
	_ = w.Append([]byte("x"), 1)
	err := w.WaitDurable(1)
	if st := w.Stats(); !errors.Is(st.LastWriteErr, syscall.ENOSPC) {
		t.Fatalf("stats %+v", st)
	}
	checkSticky(t, w, err, syscall.ENOSPC)
}

func TestFailpointTornWrite(t *testing.T) {
	fs := vfs.NewMem()
	fp := &Failpoints{}
	w := NewWriter(Options{File: createFile(t, fs, "log"), Policy: Always, Failpoints: fp})
	_ = w.Append([]byte("whole;"), 1)
	if err := w.WaitDurable(1); err != nil {
		t.Fatal(err)
	}
	fp.TearNextWrite(3)
	_ = w.Append([]byte("torn-record;"), 2)
	err := w.WaitDurable(2)
	checkSticky(t, w, err, ErrInjected)
	mustEqual(t, readFile(t, fs, "log"), []byte("whole;tor"))
	if st := w.Stats(); st.BytesWritten != 9 || st.BytesSynced != 6 {
		t.Fatalf("stats %+v", st)
	}
}

// errorfs injects failures below the Writer, at the file itself.
func TestErrorFSWriteAndSyncFailures(t *testing.T) {
	cases := []struct {
		name string
		kind errorfs.OpKind
	}{{"write", errorfs.OpFileWriteAt}, {"fdatasync", errorfs.OpFileSyncData}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			toggle := &errorfs.Toggle{Injector: errorfs.InjectorFunc(func(op errorfs.Op) error {
				if op.Kind == c.kind {
					return errDisk
				}
				return nil
			})}
			fs := errorfs.Wrap(vfs.NewMem(), toggle)
			w := NewWriter(Options{File: createFile(t, fs, "log"), Policy: Always})
			_ = w.Append([]byte("a"), 1)
			if err := w.WaitDurable(1); err != nil {
				t.Fatal(err)
			}
			toggle.On()
			_ = w.Append([]byte("b"), 2)
			err := w.WaitDurable(2)
			toggle.Off() // the disk is back; the writer must stay failed
			checkSticky(t, w, err, errDisk)
		})
	}
}

var errDisk = errors.New("disk on fire")

// Every waiter blocked on an fsync that fails gets the error.
func TestFailedFsyncReleasesAllWaiters(t *testing.T) {
	fp := &Failpoints{}
	fp.DelaySync(20e6)
	w := NewWriter(Options{File: createFile(t, vfs.NewMem(), "log"), Policy: Always, Failpoints: fp})
	fp.FailNextSync(nil)
	errs := make(chan error, 10)
	for i := 1; i <= 10; i++ {
		_ = w.Append([]byte("w"), uint64(i))
		go func(lsn uint64) { errs <- w.WaitDurable(lsn) }(uint64(i))
	}
	for i := 0; i < 10; i++ {
		if err := <-errs; !errors.Is(err, ErrFailed) {
			t.Fatalf("waiter got %v", err)
		}
	}
	_ = w.Close()
}
