package uring

import (
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// A quick sync keeps the processor: on one processor, a goroutine that
// wants to run does not run while the sync waits for the disk. (A plain
// system call lets the runtime hand the processor on after 20 us.)
func TestQuickSyncHoldsTheProcessor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	unavailable.Store(false)
	fs := FS(vfs.Default)
	f, err := fs.Create(fs.PathJoin(t.TempDir(), "log"), vfs.WriteCategoryUnspecified)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	uf := f.(*file)

	var spins atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				spins.Add(1)
			}
		}
	}()
	ranDuring := 0
	const syncs = 30
	for i := range syncs {
		if _, err := f.Write([]byte("*1\r\n$4\r\nPING\r\n")); err != nil {
			t.Fatal(err)
		}
		uf.mu.Lock()
		uf.avg = 0 // quick, whatever this disk's first syncs took
		uf.mu.Unlock()
		runtime.Gosched() // the spinner runs, and this goroutine starts a fresh slice
		before := spins.Load()
		if err := f.SyncData(); err != nil {
			t.Fatalf("sync %d: %v", i, err)
		}
		if spins.Load() != before {
			ranDuring++
		}
	}
	close(stop)
	<-done
	if spins.Load() == 0 {
		t.Fatal("the spinning goroutine never ran")
	}
	if uf.held != syncs {
		t.Fatalf("%d of %d quick syncs held the processor", uf.held, syncs)
	}
	if ranDuring > 0 {
		t.Fatalf("another goroutine ran during %d of %d quick syncs", ranDuring, syncs)
	}
}

// heldSync reports errors as the system call's.
func TestHeldSyncErrors(t *testing.T) {
	err := heldSync(^uintptr(0)>>1, true)
	if err == nil || err.Error() != "fdatasync: bad file descriptor" {
		t.Fatalf("fdatasync of a bad descriptor: %v", err)
	}
	if err := heldSync(^uintptr(0)>>1, false); err == nil || err.Error() != "fsync: bad file descriptor" {
		t.Fatalf("fsync of a bad descriptor: %v", err)
	}
}
