package crashtest

import (
	"sync"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// ReservingFS makes the files fs opens for writing able to reserve space
// (wal.Reserver), so that a log on an in-memory file system ends in zeros
// while it is written, as it does on a real disk with fallocate.
//
// Reserve writes the zeros, which, like other unsynced writes, a crash may
// keep or lose. Truncate cannot shrink an in-memory file: it leaves the
// zeros, the state a crash before the cut reaches the disk leaves, and
// records the size asked for (Truncates).
func ReservingFS(fs vfs.FS) *Reserving { return &Reserving{FS: fs} }

// Reserving is the vfs.FS of ReservingFS.
type Reserving struct {
	vfs.FS
	mu        sync.Mutex
	truncates []int64
}

// Truncates returns the sizes files were asked to be cut to, in order.
func (fs *Reserving) Truncates() []int64 {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return append([]int64(nil), fs.truncates...)
}

func (fs *Reserving) Create(name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	return fs.wrap(fs.FS.Create(name, c))
}

func (fs *Reserving) OpenReadWrite(name string, c vfs.DiskWriteCategory, opts ...vfs.OpenOption) (vfs.File, error) {
	return fs.wrap(fs.FS.OpenReadWrite(name, c, opts...))
}

func (fs *Reserving) wrap(f vfs.File, err error) (vfs.File, error) {
	if err != nil {
		return nil, err
	}
	return &reservingFile{File: f, fs: fs}, nil
}

type reservingFile struct {
	vfs.File
	fs *Reserving
}

func (f *reservingFile) Reserve(size int64) error {
	st, err := f.Stat()
	if err != nil || st.Size() >= size {
		return err
	}
	_, err = f.WriteAt(make([]byte, size-st.Size()), st.Size())
	return err
}

func (f *reservingFile) Truncate(size int64) error {
	f.fs.mu.Lock()
	f.fs.truncates = append(f.fs.truncates, size)
	f.fs.mu.Unlock()
	return nil
}
