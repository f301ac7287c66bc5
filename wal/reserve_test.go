package wal

import (
	"bytes"
	"errors"
	"sync"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/internal/crashtest"
)

// A file that ends in zeros past Offset (space a crashed Writer had
// reserved) is written from Offset on, not appended to: its zeros are used.
func TestReserveReusesZerosPastOffset(t *testing.T) {
	fs := crashtest.ReservingFS(vfs.NewMem())
	f := createFile(t, fs, "log")
	if _, err := f.Write(append([]byte("old"), make([]byte, 13)...)); err != nil {
		t.Fatal(err)
	}
	w := NewWriter(Options{File: f, Offset: 3, Policy: Always})
	if err := w.Append([]byte("new"), 1); err != nil {
		t.Fatal(err)
	}
	if err := w.WaitDurable(1); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := readFile(t, fs, "log"), append([]byte("oldnew"), make([]byte, 10)...); !bytes.Equal(got, want) {
		t.Fatalf("file holds %q, want %q", got, want)
	}
	if got := fs.Truncates(); len(got) != 1 || got[0] != 6 {
		t.Fatalf("cut to %v, want [6]: the zeros must go when the file is closed", got)
	}
}

// Space is reserved in whole steps ahead of the writes; a rotated file is
// cut back to its last byte, and so is the last one at Close.
func TestReserveStepsAndCuts(t *testing.T) {
	fs := crashtest.ReservingFS(vfs.NewMem())
	w := NewWriter(Options{File: createFile(t, fs, "a"), Policy: Always, ReserveStep: 1000})
	var want bytes.Buffer
	lsn := uint64(0)
	write := func(n int) {
		t.Helper()
		lsn++
		b := bytes.Repeat([]byte{byte('a' + lsn%26)}, n)
		want.Write(b)
		if err := w.Append(b, lsn); err != nil {
			t.Fatal(err)
		}
		if err := w.WaitDurable(lsn); err != nil {
			t.Fatal(err)
		}
	}
	size := func(name string) int64 {
		t.Helper()
		st, err := fs.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	write(10)
	if got := size("a"); got != 1000 {
		t.Fatalf("after 10 bytes the file is %d bytes, want one step (1000)", got)
	}
	write(990) // fills the step exactly: nothing more is reserved yet
	if got := size("a"); got != 1000 {
		t.Fatalf("after 1000 bytes the file is %d bytes, want 1000", got)
	}
	write(2500)
	if got := size("a"); got != 4000 {
		t.Fatalf("after 3500 bytes the file is %d bytes, want 4000", got)
	}
	if got := readFile(t, fs, "a"); !bytes.Equal(got[:3500], want.Bytes()) || !bytes.Equal(got[3500:], make([]byte, 500)) {
		t.Fatal("the file is not the bytes written followed by zeros")
	}
	if err := w.Rotate(createFile(t, fs, "b"), 0); err != nil {
		t.Fatal(err)
	}
	want.Reset()
	write(5)
	if got := fs.Truncates(); len(got) != 1 || got[0] != 3500 {
		t.Fatalf("cuts %v after the rotation, want [3500]", got)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := fs.Truncates(); len(got) != 2 || got[1] != 5 {
		t.Fatalf("cuts %v after Close, want [3500 5]", got)
	}
}

// failingReserver is a file whose reservations fail with err.
type failingReserver struct {
	vfs.File
	mu    sync.Mutex
	err   error
	calls int
}

func (f *failingReserver) Reserve(size int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	return f.err
}

func (f *failingReserver) Truncate(int64) error { return nil }

func (f *failingReserver) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// A failed reservation never fails a write: the bytes are appended. A
// full disk is asked again a step later; a file system that cannot
// reserve is not asked again.
func TestReserveFailureAppends(t *testing.T) {
	for _, tc := range []struct {
		err   error
		calls int
	}{
		{syscall.ENOSPC, 3},
		{syscall.EOPNOTSUPP, 1},
		{errors.ErrUnsupported, 1},
	} {
		t.Run(tc.err.Error(), func(t *testing.T) {
			fs := vfs.NewMem()
			f := &failingReserver{File: createFile(t, fs, "log"), err: tc.err}
			w := NewWriter(Options{File: f, Policy: Always, ReserveStep: 100})
			for lsn := uint64(1); lsn <= 5; lsn++ {
				if err := w.Append(bytes.Repeat([]byte("x"), 60), lsn); err != nil {
					t.Fatal(err)
				}
				if err := w.WaitDurable(lsn); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if got := len(readFile(t, fs, "log")); got != 300 {
				t.Fatalf("file is %d bytes, want the 300 written", got)
			}
			if got := f.count(); got != tc.calls {
				t.Fatalf("%d reservations asked for, want %d", got, tc.calls)
			}
		})
	}
}
