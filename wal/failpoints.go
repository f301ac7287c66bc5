package wal

import (
	"errors"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// ErrInjected is the cause reported by failpoints that were given no error.
var ErrInjected = errors.New("wal: injected failure")

// Failpoints inject faults into a Writer's file operations. They may be
// changed at any time from any goroutine; the zero value injects nothing.
type Failpoints struct {
	syncDelay atomic.Int64 // nanoseconds added before every fsync
	syncErr   atomic.Pointer[error]
	noSpace   atomic.Bool
	tearAfter atomic.Int64 // bytes of the next write that land; 0 = off
}

// DelaySync makes every fsync take d longer (a slow disk).
func (fp *Failpoints) DelaySync(d time.Duration) { fp.syncDelay.Store(int64(d)) }

// FailNextSync makes the next fsync return err (ErrInjected when nil).
func (fp *Failpoints) FailNextSync(err error) {
	if err == nil {
		err = ErrInjected
	}
	fp.syncErr.Store(&err)
}

// NoSpace makes every write fail with ENOSPC while on.
func (fp *Failpoints) NoSpace(on bool) { fp.noSpace.Store(on) }

// TearNextWrite lets only the first n bytes of the next write land, then
// fails it, as a crash or full disk in the middle of write(2) would.
// REQUIRES: n > 0.
func (fp *Failpoints) TearNextWrite(n int) { fp.tearAfter.Store(int64(n)) }

func (fp *Failpoints) sync(f vfs.File) error {
	if fp != nil {
		if d := fp.syncDelay.Load(); d > 0 {
			time.Sleep(time.Duration(d))
		}
		if p := fp.syncErr.Swap(nil); p != nil {
			return *p
		}
	}
	// fdatasync, as Redis's AOF: it persists the data and the file size,
	// which is all a log appended to needs; the file's other metadata
	// (times) would cost a second journal write per fsync.
	return f.SyncData()
}

func (fp *Failpoints) writeAt(f vfs.File, b []byte, off int64) (int, error) {
	if fp != nil {
		if fp.noSpace.Load() {
			return 0, syscall.ENOSPC
		}
		if n := fp.tearAfter.Swap(0); n > 0 && int(n) < len(b) {
			m, err := f.WriteAt(b[:n], off)
			if err == nil {
				err = ErrInjected
			}
			return m, err
		}
	}
	return f.WriteAt(b, off)
}
