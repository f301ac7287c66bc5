package wal

import (
	"fmt"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// flusherState is touched only by the flusher goroutine.
type flusherState struct {
	cur            vfs.File
	off            int64  // bytes in cur
	total          int64  // bytes written over all files
	writtenLSN     uint64 // highest LSN handed to the kernel
	unsynced       bool   // cur holds writes no fsync has covered yet
	syncing        bool   // a background fsync (EverySec) is running
	syncDone       chan syncResult
	lastSync       time.Time
	postponedSince time.Time // zero: no write is being held back
	// Space reserved ahead of the log (reserve.go): the next reservation
	// is made when a write passes reserveAt; overhang means cur may extend
	// past off.
	reserveAt int64
	overhang  bool
}

type syncResult struct {
	err   error
	lsn   uint64
	total int64
}

func (w *Writer) run() {
	defer close(w.done)
	tick := time.NewTicker(w.opts.Tick)
	defer tick.Stop()
	for {
		select {
		case <-w.kick:
		case <-tick.C:
		case r := <-w.fl.syncDone:
			w.finishBackgroundSync(r)
		}
		if w.flush(time.Now()) {
			return
		}
	}
}

// flush does one round of work and reports whether the flusher must stop.
func (w *Writer) flush(now time.Time) (stop bool) {
	w.mu.Lock()
	closing, rotating, forced := w.mu.closing, len(w.mu.queue) > 1, w.mu.syncAsked > w.mu.syncDone
	w.mu.Unlock()
	if closing || rotating || forced {
		// NB: a file about to be closed must not be written while its
		// background fsync runs; wait for that fsync first.
		w.awaitBackgroundSync()
	}
	w.mu.Lock()
	closing, rotating = w.mu.closing, len(w.mu.queue) > 1
	// NB: read with the queue taken below, so that the fsync this round
	// makes covers every append made before the Sync call.
	ask := w.mu.syncAsked
	forced = ask > w.mu.syncDone
	if w.mu.err != nil {
		w.mu.Unlock()
		return w.stopIfClosing(closing)
	}
	pending := len(w.mu.queue[0].data) > 0
	if pending && !closing && !rotating && !forced && w.postponeLocked(now) {
		w.mu.Unlock()
		return false
	}
	q := w.takeLocked()
	w.mu.Unlock()
	if err := w.writeQueue(q); err == nil {
		w.applyPolicy(now, closing || forced)
		if forced && w.Err() == nil {
			w.mu.Lock()
			w.mu.syncDone = ask
			w.mu.cond.Broadcast()
			w.mu.Unlock()
		}
	}
	return w.stopIfClosing(closing)
}

func (w *Writer) stopIfClosing(closing bool) bool {
	if !closing {
		return false
	}
	w.awaitBackgroundSync()
	w.closeAll()
	return true
}

// postponeLocked applies Redis's EverySec rule: while a background fsync
// runs, hold writes back (the data stays in memory) for up to MaxPostpone;
// after that write anyway and count a delayed fsync, so that a slow disk
// cannot grow the loss window without bound.
func (w *Writer) postponeLocked(now time.Time) bool {
	if w.opts.Policy != EverySec || !w.fl.syncing {
		return false
	}
	if w.fl.postponedSince.IsZero() {
		w.fl.postponedSince = now
		return true
	}
	if now.Sub(w.fl.postponedSince) < w.opts.MaxPostpone {
		return true
	}
	w.mu.stats.DelayedFsyncs++
	return false
}

// takeLocked hands the queue to the flusher and leaves a fresh active
// segment for the current target file.
func (w *Writer) takeLocked() []segment {
	q := w.mu.queue
	last := q[len(q)-1]
	w.mu.queue = []segment{{f: last.f, startOff: last.startOff, lsn: last.lsn, data: w.mu.spare}}
	w.mu.spare = nil
	w.fl.postponedSince = time.Time{}
	return q
}

func (w *Writer) writeQueue(q []segment) error {
	for _, s := range q {
		if s.f != w.fl.cur {
			w.adopt(s.f, s.startOff)
		}
		if err := w.writeSegment(s); err != nil {
			return err
		}
		if s.final {
			if err := w.retire(s.lsn); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *Writer) writeSegment(s segment) error {
	if len(s.data) > 0 {
		w.reserveFor(int64(len(s.data)))
		n, err := w.opts.Failpoints.writeAt(w.fl.cur, s.data, w.fl.off)
		w.fl.off += int64(n)
		w.fl.total += int64(n)
		w.fl.unsynced = w.fl.unsynced || n > 0
		if err == nil && n < len(s.data) {
			err = fmt.Errorf("short write: %d of %d bytes", n, len(s.data))
		}
		if err != nil {
			w.mu.Lock()
			w.mu.stats.BytesWritten = w.fl.total
			w.mu.Unlock()
			w.fail(&w.mu.stats.LastWriteErr, "write", err)
			return err
		}
	}
	w.fl.writtenLSN = s.lsn
	w.mu.Lock()
	moved := s.lsn > w.mu.stats.WrittenLSN
	w.mu.stats.WrittenLSN = s.lsn
	w.mu.stats.BytesWritten = w.fl.total
	if !s.final && cap(s.data) <= maxSpareBytes {
		w.mu.spare = s.data[:0]
	}
	w.mu.cond.Broadcast()
	w.mu.Unlock()
	if moved {
		w.progress() // NB: not for the empty rounds of the idle tick
	}
	return nil
}

// retire fsyncs and closes a rotated-away file. Its bytes become durable
// here, before the flusher writes anything to the next file, so no
// acknowledgement from the new file can overtake them.
func (w *Writer) retire(lsn uint64) error {
	w.awaitBackgroundSync()
	if err := w.Err(); err != nil {
		return err
	}
	if err := w.syncNow(lsn); err != nil {
		return err
	}
	// NB: a file that keeps its zeros loads all the same, and a finished
	// rewrite retires it to history; the close is what must not fail.
	_ = w.trim()
	if err := w.fl.cur.Close(); err != nil {
		w.fail(&w.mu.stats.LastFsyncErr, "close", err)
		return err
	}
	w.fl.cur = nil
	return nil
}

// applyPolicy fsyncs what was written, as the policy asks, or under every
// policy when now is set (Close and Sync).
func (w *Writer) applyPolicy(t time.Time, now bool) {
	switch {
	case now || w.opts.Policy == Always:
		// Always: one fsync covers every append taken in this round, so all
		// their waiters are released together (group commit). Close syncs
		// under every policy, like Redis at shutdown.
		// NB: an EverySec fsync that started before Close or Sync was asked
		// must end before DurableLSN may move past it.
		w.awaitBackgroundSync()
		if w.Err() != nil {
			return
		}
		if w.fl.unsynced || w.mu.stats.DurableLSN < w.fl.writtenLSN {
			_ = w.syncNow(w.fl.writtenLSN)
		}
	case w.opts.Policy == EverySec:
		if w.fl.unsynced && !w.fl.syncing && t.Sub(w.fl.lastSync) >= w.opts.SyncInterval {
			w.startBackgroundSync(t)
		}
	}
}

// syncNow fsyncs the current file in the flusher and publishes lsn.
func (w *Writer) syncNow(lsn uint64) error {
	total, synced := w.fl.total, w.fl.unsynced
	if synced {
		if err := w.opts.Failpoints.sync(w.fl.cur); err != nil {
			w.fail(&w.mu.stats.LastFsyncErr, "fsync", err)
			return err
		}
		w.fl.unsynced = false
	}
	w.publishDurable(syncResult{lsn: lsn, total: total}, synced)
	return nil
}

// startBackgroundSync runs one fsync off the flusher (Redis's bio thread),
// so EverySec writes are not held behind the disk.
func (w *Writer) startBackgroundSync(now time.Time) {
	f, r := w.fl.cur, syncResult{lsn: w.fl.writtenLSN, total: w.fl.total}
	w.fl.syncing, w.fl.unsynced, w.fl.lastSync = true, false, now
	w.mu.Lock()
	w.mu.stats.FsyncInProgress = true
	w.mu.Unlock()
	go func() {
		r.err = w.opts.Failpoints.sync(f)
		w.fl.syncDone <- r
	}()
}

func (w *Writer) awaitBackgroundSync() {
	if w.fl.syncing {
		w.finishBackgroundSync(<-w.fl.syncDone)
	}
}

func (w *Writer) finishBackgroundSync(r syncResult) {
	w.fl.syncing = false
	if r.err != nil {
		w.fail(&w.mu.stats.LastFsyncErr, "fsync", r.err)
		return
	}
	w.publishDurable(r, true)
}

func (w *Writer) publishDurable(r syncResult, synced bool) {
	w.mu.Lock()
	w.mu.stats.FsyncInProgress = false
	if synced {
		w.mu.stats.Fsyncs++
	}
	moved := r.lsn > w.mu.stats.DurableLSN
	if moved {
		w.mu.stats.DurableLSN = r.lsn
	}
	if r.total > w.mu.stats.BytesSynced {
		w.mu.stats.BytesSynced = r.total
	}
	w.mu.cond.Broadcast()
	w.mu.Unlock()
	if moved {
		w.progress()
	}
}

// fail makes the Writer failed for good and wakes every waiter.
func (w *Writer) fail(last *error, op string, err error) {
	defer w.progress()
	w.mu.Lock()
	defer w.mu.Unlock()
	*last = err
	w.mu.stats.FsyncInProgress = false
	if w.mu.err == nil {
		w.mu.err = fmt.Errorf("%w: %s: %w", ErrFailed, op, err)
		w.failed.Store(true)
	}
	w.mu.cond.Broadcast()
}

// closeAll closes every file the Writer still owns. A Close error after a
// successful final fsync still fails the Writer: it is never dropped.
func (w *Writer) closeAll() {
	w.mu.Lock()
	healthy := w.mu.err == nil
	files := []vfs.File{w.fl.cur}
	for _, s := range w.mu.queue {
		files = append(files, s.f)
	}
	w.mu.Unlock()
	// After a failure the page cache holds nothing to trust, the file's
	// size included: leave it as it is.
	if healthy {
		if err := w.trim(); err != nil {
			w.fail(&w.mu.stats.LastWriteErr, "truncate", err)
		}
	}
	seen := map[vfs.File]bool{nil: true}
	for _, f := range files {
		if seen[f] {
			continue
		}
		seen[f] = true
		if err := f.Close(); err != nil {
			w.fail(&w.mu.stats.LastWriteErr, "close", err)
		}
	}
	w.mu.Lock()
	w.mu.closed = true
	w.mu.cond.Broadcast()
	w.mu.Unlock()
	w.progress()
}

// progress tells the OnProgress callback, if any, that LSNs or the error
// changed.
func (w *Writer) progress() {
	if w.opts.OnProgress != nil {
		w.opts.OnProgress()
	}
}
