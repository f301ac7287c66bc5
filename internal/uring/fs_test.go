package uring

import (
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// Files of the wrapped FS write and sync like the plain ones, with the ring
// and without it; in-memory files pass through untouched.
func TestFSSyncData(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		unavailable.Store(fallback)
		fs := FS(vfs.Default)
		name := fs.PathJoin(t.TempDir(), "appendonly.aof.1.incr.aof")
		f, err := fs.Create(name, vfs.WriteCategoryUnspecified)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := f.(*file); !ok {
			t.Fatalf("a disk file was not wrapped: %T", f)
		}
		for i := 0; i < 10; i++ {
			if _, err := f.Write([]byte("*1\r\n$4\r\nPING\r\n")); err != nil {
				t.Fatal(err)
			}
			if err := f.SyncData(); err != nil {
				t.Fatalf("fallback %v: sync %d: %v", fallback, i, err)
			}
		}
		if err := f.Sync(); err != nil {
			t.Fatalf("fallback %v: fsync: %v", fallback, err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		st, err := fs.Stat(name)
		if err != nil || st.Size() != 140 {
			t.Fatalf("size after syncs: %v %v", st, err)
		}
	}
	unavailable.Store(false)
	mem := FS(vfs.NewMem())
	f, err := mem.Create("x", vfs.WriteCategoryUnspecified)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.(*file); ok {
		t.Fatal("an in-memory file was wrapped")
	}
	if err := f.SyncData(); err != nil {
		t.Fatal(err)
	}
}

// The rule that picks the plain system call: quick on average and little
// to write out. One slow sync is enough to leave it, and it takes several
// quick ones to come back.
func TestQuickSyncRule(t *testing.T) {
	if !quick(0, 0) || !quick(100*time.Microsecond, 4096) {
		t.Fatal("a small sync on a fast disk does not take the plain call")
	}
	if quick(100*time.Microsecond, quickBytes) {
		t.Fatal("a big sync takes the plain call")
	}
	if quick(quickSync, 0) {
		t.Fatal("a slow disk takes the plain call")
	}
	avg := observe(100*time.Microsecond, 5*time.Millisecond)
	if quick(avg, 0) {
		t.Fatalf("average %v after one 5 ms sync still counts as quick", avg)
	}
	n := 0
	for ; !quick(avg, 0); n++ {
		avg = observe(avg, 100*time.Microsecond)
	}
	if n < 3 {
		t.Fatalf("back to the plain call after %d quick syncs", n)
	}
}

// A file takes the ring exactly when its sync is not expected quick.
func TestSyncPathFollowsTheRule(t *testing.T) {
	unavailable.Store(false)
	fs := FS(vfs.Default)
	f, err := fs.Create(fs.PathJoin(t.TempDir(), "f"), vfs.WriteCategoryUnspecified)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	uf := f.(*file)
	if _, err := f.Write(make([]byte, 100)); err != nil {
		t.Fatal(err)
	}
	if err := f.SyncData(); err != nil {
		t.Fatal(err)
	}
	if uf.ring != nil {
		t.Fatal("a small first sync went through the ring")
	}
	if uf.unsynced.Load() != 0 {
		t.Fatalf("%d bytes still counted after the sync", uf.unsynced.Load())
	}
	if _, err := f.WriteAt(make([]byte, quickBytes), 100); err != nil {
		t.Fatal(err)
	}
	if err := f.SyncData(); err != nil {
		t.Fatal(err)
	}
	// NB: where io_uring is refused the ring is never made; the flag
	// records that the ring was tried.
	if uf.ring == nil && !unavailable.Load() {
		t.Fatal("a sync of 256 KB did not go through the ring")
	}
	uf.mu.Lock()
	uf.avg = 10 * time.Millisecond // as after a slow disk
	if uf.ring != nil {
		uf.ring.Close()
		uf.ring = nil
	}
	uf.mu.Unlock()
	if err := f.SyncData(); err != nil {
		t.Fatal(err)
	}
	if uf.ring == nil && !unavailable.Load() {
		t.Fatal("a small sync after slow ones did not go through the ring")
	}
}
