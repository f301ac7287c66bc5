package uring

import (
	"testing"

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
