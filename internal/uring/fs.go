package uring

import (
	"sync"
	"sync/atomic"
	"time"

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

// A sync that is expected to be quick is made with the system call
// instead: it is what redis-server does, and the ring's kernel worker
// costs more than it saves there. Under appendfsync always the log's
// syncs of a few kilobytes took about 100 us on this project's test
// machine; each went through the worker as about seven context switches
// on the server's core (the worker preempting the server's thread on
// wake-up, then sleeping and waking around the device), and unpipelined
// SET under always ran 14-41% slower through the ring than with the plain
// call in four alternating rounds.
//
// On Linux the quick sync also keeps the goroutine's processor (heldSync,
// a raw system call): the process waits for the disk, as redis-server's
// thread does. A plain call tells the scheduler, and under load the
// runtime's monitor looks every 20 us and hands the processor of a call
// that lasts longer to another thread: for every 100 us sync one more
// thread woke (a futex), ran the scheduler and polled the network, and the
// monitor stayed awake. Counted at unpipelined SET under always, 50
// clients: 0.21-0.47 context switches, 0.02-0.07 futex calls and 0.04-0.14
// of the monitor's sleeps per request with the plain call, against
// 0.12-0.14, none and none held (redis-server: 0.12-0.20 context
// switches); throughput 45-50k against 58-65k requests/s in three
// alternating rounds. Little is lost by waiting: at pipeline 1 under
// always, the clients the processor would serve meanwhile are almost all
// waiting for this very sync.
//
// Expected quick: the file's recent syncs averaged under quickSync and
// less than quickBytes were written since the last one. A slow disk (its
// average rises after one slow sync), a big file (a snapshot or a log's
// new base) and a file's first big sync go through the ring, so that the
// processor serves clients while the disk works; the longest a quick sync
// can hold the processor is one sync of a disk that suddenly slows down,
// as long as redis-server's thread would wait for it.
const (
	quickSync  = 500 * time.Microsecond
	quickBytes = 256 << 10
)

type file struct {
	vfs.File
	mu   sync.Mutex // one sync at a time on the ring; Close waits for it
	ring *Ring      // made at the first sync through the ring
	// avg is a moving average of this file's sync times (under mu).
	avg time.Duration
	// held counts the syncs made holding the processor (under mu).
	held int
	// unsynced counts bytes written since the last sync started.
	unsynced atomic.Int64
}

func (f *file) Write(p []byte) (int, error) {
	n, err := f.File.Write(p)
	f.unsynced.Add(int64(n))
	return n, err
}

func (f *file) WriteAt(p []byte, off int64) (int, error) {
	n, err := f.File.WriteAt(p, off)
	f.unsynced.Add(int64(n))
	return n, err
}

// quick reports whether a sync of a file whose syncs average avg, with
// pending bytes written since the last one, takes the plain system call.
func quick(avg time.Duration, pending int64) bool {
	return avg < quickSync && pending < quickBytes
}

// observe folds one sync's duration into the moving average (weight 1/4:
// one slow sync of ten times the threshold is enough to switch).
func observe(avg, d time.Duration) time.Duration {
	return avg + (d-avg)/4
}

// SyncData is fdatasync, through the file's ring unless expected quick.
func (f *file) SyncData() error {
	return f.sync(f.File.SyncData, true, (*Ring).Fdatasync)
}

// Sync is fsync, through the file's ring unless expected quick.
func (f *file) Sync() error {
	return f.sync(f.File.Sync, false, (*Ring).Fsync)
}

func (f *file) sync(plain func() error, dataOnly bool, ring func(*Ring, int) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	pending := f.unsynced.Swap(0)
	start := time.Now()
	err := f.syncLocked(plain, dataOnly, ring, quick(f.avg, pending))
	f.avg = observe(f.avg, time.Since(start))
	return err
}

func (f *file) syncLocked(plain func() error, dataOnly bool, ring func(*Ring, int) error, quick bool) error {
	if quick && heldSyncs {
		f.held++
		return heldSync(f.Fd(), dataOnly)
	}
	if quick || unavailable.Load() {
		return plain()
	}
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
