package uring

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// newRingOrSkip returns a ring, or skips where io_uring is unavailable
// (the fallback then is the plain system call, tested in fs_test.go).
func newRingOrSkip(t *testing.T) *Ring {
	r, err := NewRing()
	if err != nil {
		if runtime.GOOS == "linux" && os.Getenv("STRATA_REQUIRE_IO_URING") != "" {
			t.Fatalf("io_uring required: %v", err)
		}
		t.Skipf("io_uring unavailable: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestRingFdatasync(t *testing.T) {
	r := newRingOrSkip(t)
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i := 0; i < 100; i++ {
		if _, err := f.Write([]byte("*1\r\n$4\r\nPING\r\n")); err != nil {
			t.Fatal(err)
		}
		if err := r.Fdatasync(int(f.Fd())); err != nil {
			t.Fatalf("sync %d: %v", i, err)
		}
	}
	if err := r.Fsync(int(f.Fd())); err != nil {
		t.Fatalf("fsync: %v", err)
	}
	// The kernel's error comes back as the system call's would.
	if err := r.Fdatasync(1 << 20); !errors.Is(err, syscall.EBADF) {
		t.Fatalf("sync of a bad descriptor: %v, want EBADF", err)
	}
	if err := r.Fdatasync(int(f.Fd())); err != nil {
		t.Fatalf("sync after an error: %v", err)
	}
}

// A ring sync counts as in flight while its waiter waits, and not after.
func TestRingSyncInFlight(t *testing.T) {
	r := newRingOrSkip(t)
	f, err := os.Create(filepath.Join(t.TempDir(), "big"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// NB: enough dirty data that the sync outlasts the observer's polls.
	buf := make([]byte, 1<<20)
	for range 32 {
		if _, err := f.Write(buf); err != nil {
			t.Fatal(err)
		}
	}
	if n := InFlight(); n != 0 {
		t.Fatalf("InFlight before = %d", n)
	}
	done := make(chan error)
	go func() { done <- r.Fdatasync(int(f.Fd())) }()
	seen := false
	for {
		if InFlight() == 1 {
			seen = true
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			if !seen {
				t.Fatal("a 32 MB ring sync was never seen in flight")
			}
			if n := InFlight(); n != 0 {
				t.Fatalf("InFlight after = %d", n)
			}
			return
		default:
			runtime.Gosched()
		}
	}
}
