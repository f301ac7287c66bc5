package wal

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

var (
	// ErrFailed marks every error of a Writer whose write or fsync failed;
	// the cause is wrapped next to it.
	ErrFailed = errors.New("wal: write failed")
	// ErrClosed is returned by a Writer after Close.
	ErrClosed = errors.New("wal: closed")
)

// maxSpareBytes caps the buffer the flusher hands back for reuse, so one
// burst does not pin a large buffer forever.
const maxSpareBytes = 4 << 20

// segment is bytes bound for one file. The last segment of the queue is
// the active one that Append extends; a final segment's file was rotated
// away and is synced and closed once its bytes are written.
type segment struct {
	f        vfs.File
	startOff int64 // f's size when the Writer got it
	data     []byte
	lsn      uint64 // highest LSN whose bytes are in this or earlier segments
	final    bool
}

// Writer appends bytes to a file with group commit. See the package doc
// for the concurrency contract.
type Writer struct {
	opts Options
	kick chan struct{} // capacity 1: wakes the flusher
	done chan struct{} // closed when the flusher exits

	mu struct {
		sync.Mutex
		cond    sync.Cond // broadcast when written/durable LSN or err change
		queue   []segment
		spare   []byte
		lastLSN uint64
		err     error // sticky
		closing bool
		closed  bool
		stats   Stats
		// Sync's requests: syncAsked counts them, syncDone is the last
		// one the flusher has written out and fsynced.
		syncAsked, syncDone uint64
	}

	fl flusherState // owned by the flusher goroutine

	// failed is set with mu.err, so that Err, asked before every write
	// command, costs no lock while the Writer is healthy.
	failed atomic.Bool

	reserveStep atomic.Int64 // Options.ReserveStep, changed by SetReserveStep
}

// NewWriter starts a Writer and its flusher goroutine.
func NewWriter(opts Options) *Writer {
	if opts.File == nil {
		panic("wal: Options.File is required")
	}
	opts.withDefaults()
	w := &Writer{opts: opts, kick: make(chan struct{}, 1), done: make(chan struct{})}
	w.mu.cond.L = &w.mu.Mutex
	w.mu.queue = []segment{{f: opts.File, startOff: opts.Offset}}
	w.mu.stats.Policy = opts.Policy
	w.fl = flusherState{lastSync: time.Now(), syncDone: make(chan syncResult, 1)}
	w.adopt(opts.File, opts.Offset)
	w.reserveStep.Store(opts.ReserveStep)
	go w.run()
	return w
}

// SetReserveStep changes Options.ReserveStep from the next reservation on.
func (w *Writer) SetReserveStep(n int64) { w.reserveStep.Store(n) }

// Append queues b, the bytes of everything up to lsn, for writing. It copies
// b and returns at once; it fails only when the Writer is failed or closed.
// REQUIRES: the writer order; lsn never decreases.
func (w *Writer) Append(b []byte, lsn uint64) error {
	w.mu.Lock()
	if err := w.usableLocked(); err != nil {
		w.mu.Unlock()
		return err
	}
	if lsn < w.mu.lastLSN {
		w.mu.Unlock()
		panic(fmt.Sprintf("wal: LSN went backwards: %d after %d", lsn, w.mu.lastLSN))
	}
	s := &w.mu.queue[len(w.mu.queue)-1]
	s.data = append(s.data, b...)
	s.lsn = lsn
	w.mu.lastLSN = lsn
	w.mu.Unlock()
	w.wake()
	return nil
}

// Rotate switches to f (whose size is offset) for everything appended from
// now on. The old file is written out, fsynced and closed before any byte
// of f is written, so nothing acknowledged from f can overtake the old
// file's bytes. REQUIRES: the writer order.
func (w *Writer) Rotate(f vfs.File, offset int64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.usableLocked(); err != nil {
		return err
	}
	last := &w.mu.queue[len(w.mu.queue)-1]
	last.final = true
	w.mu.queue = append(w.mu.queue, segment{f: f, startOff: offset, lsn: last.lsn})
	w.wake()
	return nil
}

// Sync writes out and fsyncs everything appended so far, whatever the
// policy, and returns once that fsync is done. A rewrite calls it before
// the manifest names a new INCR file: once a file is not the last, Load
// takes a torn tail in it for damage, so its tail must not be left to a
// crash (appendfsync no and everysec would leave it). It costs the caller
// one fsync.
func (w *Writer) Sync() error {
	w.mu.Lock()
	if err := w.usableLocked(); err != nil {
		w.mu.Unlock()
		return err
	}
	w.mu.syncAsked++
	ask := w.mu.syncAsked
	w.mu.Unlock()
	w.wake()
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.mu.syncDone < ask {
		if err := w.usableLocked(); err != nil {
			return err
		}
		w.mu.cond.Wait()
	}
	return nil
}

// WaitDurable blocks until lsn is as safe as the policy makes it: fsynced
// under Always and EverySec, handed to the kernel under No. It returns the
// sticky error if the Writer fails first, ErrClosed if it was closed first.
func (w *Writer) WaitDurable(lsn uint64) error { return w.wait(lsn, true) }

// WaitWritten blocks until everything appended up to lsn has been written
// to the file (handed to the kernel, not necessarily fsynced), or the
// Writer failed. It is what a reply waits for under everysec and no: a
// crash of the process then loses nothing acknowledged, only a crash of
// the machine can (within the policy's bound), as with Redis.
func (w *Writer) WaitWritten(lsn uint64) error { return w.wait(lsn, false) }

func (w *Writer) wait(lsn uint64, durable bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		if ok, err := w.reachedLocked(lsn, durable); ok || err != nil {
			return err
		}
		w.mu.cond.Wait()
	}
}

// Reached reports, without waiting, whether WaitDurable (durable true) or
// WaitWritten (false) would return nil for lsn now; err is what they would
// return instead once the Writer failed or was closed, nil while lsn is
// merely still to come.
func (w *Writer) Reached(lsn uint64, durable bool) (ok bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.reachedLocked(lsn, durable)
}

func (w *Writer) reachedLocked(lsn uint64, durable bool) (bool, error) {
	got := w.mu.stats.WrittenLSN
	if durable {
		got = w.ackedLocked()
	}
	switch {
	case got >= lsn:
		return true, nil
	case w.mu.err != nil:
		return false, w.mu.err
	case w.mu.closed:
		return false, ErrClosed
	}
	return false, nil
}

// DurableLSN is the highest LSN known to be fsynced.
func (w *Writer) DurableLSN() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.mu.stats.DurableLSN
}

// Err returns the sticky error, or nil while the Writer is healthy.
func (w *Writer) Err() error {
	if !w.failed.Load() {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.mu.err
}

// Close writes and fsyncs what is pending (as Redis does at shutdown, for
// every policy), closes the files and stops the flusher. It returns the
// sticky error if the Writer failed.
func (w *Writer) Close() error {
	w.mu.Lock()
	w.mu.closing = true
	w.mu.Unlock()
	w.wake()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.mu.err
}

func (w *Writer) usableLocked() error {
	if w.mu.err != nil {
		return w.mu.err
	}
	if w.mu.closing {
		return ErrClosed
	}
	return nil
}

func (w *Writer) ackedLocked() uint64 {
	if w.opts.Policy == No {
		return w.mu.stats.WrittenLSN
	}
	return w.mu.stats.DurableLSN
}

func (w *Writer) wake() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}
