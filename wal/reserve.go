package wal

import (
	"errors"
	"syscall"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// Reserving space ahead of the log (Options.ReserveStep).
//
// Why: an fdatasync after an append must also make the file's new size
// durable, so every one of them commits the file system's journal. When
// the bytes land inside the file's size, in blocks already allocated, the
// fsync writes the data and flushes the device, and the journal is left
// alone. On this project's test machine (ext4 on a virtual disk) 120-byte
// writes each followed by fdatasync ran at 2,550-2,910 per second
// appended, 3,600-3,970 into reserved space; unpipelined SET under
// appendfsync always went from 60-62k to 69-72k requests/s (redis-server:
// 60-61k) in three alternating rounds. docs/durability.md has the numbers.
//
// The cost: the file ends in zeros while it is written to. A file the log
// has finished with (rotated away, closed) is cut back to its last
// command, as Redis's are; a crash leaves the zeros, which the AOF loader
// takes for what they are, space with no command in it (docs/aof.md).

// Reserver is a file that can reserve space itself: test doubles for file
// systems without descriptors. Files with a descriptor use the platform's
// call (fallocate on Linux).
type Reserver interface {
	// Reserve makes the file at least size bytes long; what it adds reads
	// as zeros.
	Reserve(size int64) error
	// Truncate cuts the file to size bytes.
	Truncate(size int64) error
}

// errNoReserve is a file (or platform) that cannot reserve space.
var errNoReserve = errors.New("wal: the file cannot reserve space")

// reserve makes f, whose bytes end at off, at least size bytes long.
func reserve(f vfs.File, off, size int64) error {
	if r, ok := f.(Reserver); ok {
		return r.Reserve(size)
	}
	if fd := f.Fd(); fd != vfs.InvalidFd {
		return allocate(fd, off, size)
	}
	return errNoReserve
}

func truncate(f vfs.File, size int64) error {
	if r, ok := f.(Reserver); ok {
		return r.Truncate(size)
	}
	if fd := f.Fd(); fd != vfs.InvalidFd {
		return ftruncate(fd, size)
	}
	return errNoReserve
}

// adopt makes f, whose bytes end at off, the file the flusher writes to.
// A file longer than off ends in space reserved before (a restart reuses
// the zeros a crash left): it is used, and cut when the file is done with.
func (w *Writer) adopt(f vfs.File, off int64) {
	w.fl.cur, w.fl.off, w.fl.unsynced = f, off, false
	w.fl.reserveAt, w.fl.overhang = off, false
	if st, err := f.Stat(); err == nil && st.Size() > off {
		w.fl.reserveAt, w.fl.overhang = st.Size(), true
	}
}

// reserveFor reserves space for n bytes about to be written at the
// current offset, in whole steps, when they would pass the reserved end.
// It never fails the write: without space reserved the bytes are appended
// as usual. A full disk is tried again a step later; a file system that
// cannot reserve is not asked again.
func (w *Writer) reserveFor(n int64) {
	step := w.reserveStep.Load()
	end := w.fl.off + n
	if step <= 0 || end <= w.fl.reserveAt {
		return
	}
	want := (end/step + 1) * step
	err := reserve(w.fl.cur, w.fl.off, want)
	switch {
	case err == nil:
		w.fl.reserveAt, w.fl.overhang = want, true
	case errors.Is(err, errNoReserve) || errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EOPNOTSUPP):
		w.fl.reserveAt = maxOffset
	default:
		// NB: a failed fallocate may still have made the file longer.
		w.fl.reserveAt, w.fl.overhang = want, true
	}
}

const maxOffset = int64(^uint64(0) >> 1)

// trim cuts the reserved space off the current file, which will not be
// written again: a finished file ends at its last command, as Redis's do,
// so that redis-server and redis-check-aof take it. The cut is not synced:
// if a crash undoes it, the loader finds the zeros and skips them. A file
// that cannot be cut (no descriptor, not Linux) keeps its zeros likewise.
func (w *Writer) trim() error {
	if !w.fl.overhang || w.fl.cur == nil {
		return nil
	}
	w.fl.overhang = false
	if err := truncate(w.fl.cur, w.fl.off); err != nil && !errors.Is(err, errNoReserve) {
		return err
	}
	return nil
}
