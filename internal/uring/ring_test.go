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
