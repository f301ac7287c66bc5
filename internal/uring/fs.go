package uring

import (
	"sync"
	"sync/atomic"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// FS wraps fs so that files it opens for writing sync their data through a
// ring of their own (see the package comment). Files without a descriptor
// (in-memory file systems) and processes where io_uring is unavailable use
// the file's own SyncData.
func FS(fs vfs.FS) vfs.FS { return syncFS{fs} }

type syncFS struct{ vfs.FS }

func (fs syncFS) Create(name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	return wrap(fs.FS.Create(name, c))
}

func (fs syncFS) OpenReadWrite(name string, c vfs.DiskWriteCategory, opts ...vfs.OpenOption) (vfs.File, error) {
	return wrap(fs.FS.OpenReadWrite(name, c, opts...))
}

func (fs syncFS) ReuseForWrite(oldname, newname string, c vfs.DiskWriteCategory) (vfs.File, error) {
	return wrap(fs.FS.ReuseForWrite(oldname, newname, c))
}

// unavailable is set when a ring could not be made: the kernel or the
// sandbox refuses io_uring, and will go on refusing.
var unavailable atomic.Bool

func wrap(f vfs.File, err error) (vfs.File, error) {
	if err != nil || f == nil || f.Fd() == vfs.InvalidFd {
		return f, err
	}
	return &file{File: f}, nil
}

type file struct {
	vfs.File
	mu   sync.Mutex // one sync at a time on the ring; Close waits for it
	ring *Ring      // made at the first SyncData
}

// SyncData is fdatasync through the file's ring.
func (f *file) SyncData() error {
	return f.sync(f.File.SyncData, (*Ring).Fdatasync)
}

// Sync is fsync through the file's ring.
func (f *file) Sync() error {
	return f.sync(f.File.Sync, (*Ring).Fsync)
}

func (f *file) sync(plain func() error, ring func(*Ring, int) error) error {
	if unavailable.Load() {
		return plain()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ring == nil {
		r, err := NewRing()
		if err != nil {
			unavailable.Store(true)
			return plain()
		}
		f.ring = r
	}
	return ring(f.ring, int(f.Fd()))
}

func (f *file) Close() error {
	f.mu.Lock()
	if f.ring != nil {
		f.ring.Close()
		f.ring = nil
	}
	f.mu.Unlock()
	return f.File.Close()
}
