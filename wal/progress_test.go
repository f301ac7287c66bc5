package wal

import (
	"errors"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// progressOpts returns options whose OnProgress signals on the returned
// channel (capacity 1, so signals may merge, as a caller's kick would).
func progressOpts(f vfs.File, p Policy) (Options, chan struct{}) {
	ch := make(chan struct{}, 1)
	opts := fastOpts(f, p)
	opts.OnProgress = func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	return opts, ch
}

// reachedWithin polls Reached after each progress signal until it holds or
// the deadline passes; it fails the test on any error.
func reachedWithin(t *testing.T, w *Writer, ch chan struct{}, lsn uint64, durable bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		ok, err := w.Reached(lsn, durable)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("LSN %d (durable %v) not reached: %+v", lsn, durable, w.Stats())
		}
	}
}

// A caller that does not park in WaitDurable learns of every step from
// OnProgress: written first, durable after the fsync.
func TestReachedFollowsProgress(t *testing.T) {
	fs := vfs.NewMem()
	opts, ch := progressOpts(createFile(t, fs, "log"), EverySec)
	opts.SyncInterval = time.Hour // no fsync until Close
	w := NewWriter(opts)
	if ok, err := w.Reached(1, false); ok || err != nil {
		t.Fatalf("Reached before any append: %v, %v", ok, err)
	}
	if err := w.Append([]byte("abc"), 1); err != nil {
		t.Fatal(err)
	}
	reachedWithin(t, w, ch, 1, false)
	if ok, err := w.Reached(1, true); ok || err != nil {
		t.Fatalf("durable before any fsync: %v, %v", ok, err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if ok, err := w.Reached(1, true); !ok || err != nil {
		t.Fatalf("Close syncs, yet LSN 1 is not durable: %v, %v", ok, err)
	}
	if ok, err := w.Reached(2, true); ok || !errors.Is(err, ErrClosed) {
		t.Fatalf("an LSN never appended after Close: %v, %v; want ErrClosed", ok, err)
	}
}

func TestReachedUnderAlways(t *testing.T) {
	fs := vfs.NewMem()
	opts, ch := progressOpts(createFile(t, fs, "log"), Always)
	w := NewWriter(opts)
	defer w.Close()
	for i := uint64(1); i <= 20; i++ {
		if err := w.Append([]byte("x;"), i); err != nil {
			t.Fatal(err)
		}
	}
	reachedWithin(t, w, ch, 20, true)
	if w.Stats().Fsyncs == 0 {
		t.Fatal("durable under always without an fsync")
	}
}

// A failed fsync is announced too, and Reached then reports the sticky
// error instead of "not yet", so the caller stops waiting.
func TestReachedReportsFailure(t *testing.T) {
	fs := vfs.NewMem()
	opts, ch := progressOpts(createFile(t, fs, "log"), Always)
	opts.Failpoints = &Failpoints{}
	opts.Failpoints.FailNextSync(nil)
	w := NewWriter(opts)
	defer w.Close()
	if err := w.Append([]byte("x;"), 1); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(5 * time.Second)
	for {
		ok, err := w.Reached(1, true)
		if ok {
			t.Fatal("LSN 1 reported durable although its fsync failed")
		}
		if err != nil {
			if !errors.Is(err, ErrFailed) || !errors.Is(err, ErrInjected) {
				t.Fatalf("error %v; want ErrFailed wrapping ErrInjected", err)
			}
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatal("the failed fsync was never announced")
		}
	}
}
