package server

import (
	"errors"
	"runtime"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/strata-db/strata/engine"
)

// The AOF side of persistence. Each function is called by persist.go; the
// work is in aof_open.go (start, stop, CONFIG SET), aof_rewrite.go
// (BGREWRITEAOF, automatic rewrites, recovery from a failed disk) and
// aof_debug.go (failpoints). docs/durability.md has the rules.

const (
	errAOFWritePrefix     = "MISCONF Errors writing to the AOF file: "
	errRewriteInProgress  = "ERR Background append only file rewriting already in progress"
	errRewriteCantExecute = "ERR Can't execute an AOF background rewriting. Please check the server logs for more information."
)

// aofAppend encodes effects into the log. REQUIRES: the engine lock.
func (s *Server) aofAppend(effects []engine.Effect) {
	st := s.aofSt()
	if !st.on {
		return
	}
	if st.failed != nil && st.epochFailed {
		// The writer is gone; memory is the truth until a fresh base is
		// written from it, which will hold these changes.
		s.eng.SettleWrites(s.eng.LSN())
		return
	}
	start := len(st.buf)
	buf, lsn := st.buf, uint64(0)
	for i := 0; i < len(effects); {
		j := batchEnd(effects, i)
		var l uint64
		buf, l = st.enc.AppendBatch(buf, effects[i:j])
		lsn = max(lsn, l)
		i = j
	}
	st.buf, st.bufLSN = buf, max(st.bufLSN, lsn)
	st.currentSize += int64(len(buf) - start)
	s.eng.SettleWrites(lsn)
	if len(st.buf) >= handOffBytes {
		s.aofHandOffLocked()
		return
	}
	if !st.handOffArmed {
		st.handOffArmed = true
		time.AfterFunc(handOffDelay, func() {
			s.eng.Lock()
			defer s.eng.Unlock()
			st.handOffArmed = false
			s.aofHandOffLocked()
		})
	}
}

// Encoded effects are gathered and handed to the writer together: one
// write(2), and under always one fsync, for many commands, as Redis writes
// its buffer once per event loop turn. Under always a client about to wait
// for durability hands them over (waitDurable), after letting the other
// runnable clients add theirs; otherwise a timer does within handOffDelay
// (or at handOffBytes). Under everysec and no a process crash can so lose
// up to that much more than Redis would; the everysec promise (about two
// seconds, for a power loss too) is unchanged.
const (
	handOffDelay = time.Millisecond
	handOffBytes = 64 << 10
)

// aofHandOffLocked gives the gathered bytes to the writer. Every switch of
// writer (rotation, close, policy) calls it first, so bytes always land in
// the file of their time. REQUIRES: the engine lock.
func (s *Server) aofHandOffLocked() {
	st := s.aofSt()
	if len(st.buf) == 0 || !st.on {
		return
	}
	if st.failed != nil && st.epochFailed {
		st.buf = st.buf[:0] // in memory, and so in the fresh base to come
		return
	}
	if err := st.epoch.Load().w.Append(st.buf, st.bufLSN); err != nil {
		s.aofFailLocked(err)
	}
	st.handedLSN.Store(st.bufLSN)
	if cap(st.buf) <= 1<<20 {
		st.buf = st.buf[:0]
	} else {
		st.buf = nil
	}
}

// batchEnd returns the end of the batch starting at effects[i]: a whole
// transaction, or one effect.
func batchEnd(effects []engine.Effect, i int) int {
	if effects[i].Txn&engine.TxnBegin == 0 {
		return i + 1
	}
	for j := i; j < len(effects); j++ {
		if effects[j].Txn&engine.TxnEnd != 0 {
			return j + 1
		}
	}
	return len(effects)
}

// aofCron runs rewrite triggers and retries after failures.
// REQUIRES: the engine lock.
func (s *Server) aofCron() {
	st := s.aofSt()
	s.aofReapRewriteLocked()
	if !st.on {
		return
	}
	if ep := st.epoch.Load(); st.failed == nil {
		if err := ep.w.Err(); err != nil {
			s.aofFailLocked(err)
		}
		s.eng.PruneDurable(max(ep.w.DurableLSN(), ep.floor))
	}
	if st.rw != nil {
		return
	}
	now := s.now()
	switch {
	case st.failed != nil:
		if now.Sub(st.lastRetry) >= time.Second {
			st.lastRetry = now
			s.aofStartRewriteLocked(true)
		}
	case st.scheduled:
		st.scheduled = false
		s.aofStartRewriteLocked(false)
	case s.aofRewriteDue():
		s.log.Info("Starting automatic rewriting of AOF", "growth_pct", s.aofGrowth())
		s.aofStartRewriteLocked(false)
	}
}

func (s *Server) aofGrowth() int64 {
	st := s.aofSt()
	base := max(st.baseSize, 1)
	return (st.currentSize - st.baseSize) * 100 / base
}

func (s *Server) aofRewriteDue() bool {
	perc := s.cfg.Int("auto-aof-rewrite-percentage")
	st := s.aofSt()
	return perc > 0 && st.currentSize > s.cfg.Int("auto-aof-rewrite-min-size") && s.aofGrowth() >= perc &&
		st.consecFailures < 3
}

// aofFailLocked stops acknowledging writes after a failed write or fsync
// (DESIGN invariant 7). REQUIRES: the engine lock.
func (s *Server) aofFailLocked(err error) {
	st := s.aofSt()
	if st.failed == nil {
		s.log.Warn("Error writing to the AOF file; refusing writes until the disk is back", "err", err)
	}
	st.failed, st.lastWriteErr, st.epochFailed = err, err, true
	st.lastRetry = s.now()
}

// aofDenyWrite returns MISCONF while the log cannot be written.
// REQUIRES: the engine lock.
func (s *Server) aofDenyWrite() string {
	st := s.aofSt()
	if !st.on {
		return ""
	}
	if st.failed == nil {
		if err := st.epoch.Load().w.Err(); err != nil {
			s.aofFailLocked(err)
		}
	}
	if st.failed == nil {
		return ""
	}
	return errAOFWritePrefix + strerror(st.failed)
}

// strerror names an error as glibc's strerror does when it carries an
// errno ("No space left on device").
func strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		// NB: Go's texts are glibc's with the first letter lowered.
		msg := errno.Error()
		return strings.ToUpper(msg[:1]) + msg[1:]
	}
	return err.Error()
}

// aofInfo writes the aof_* INFO fields. REQUIRES: the engine lock.
func (s *Server) aofInfo(b *strings.Builder) {
	s.aofReapRewriteLocked()
	st := s.aofSt()
	inProgress, current := 0, int64(-1)
	if st.rw != nil {
		inProgress, current = 1, int64(s.now().Sub(st.rw.start)/time.Second)
	}
	kv(b, "aof_enabled", boolInt(st.on))
	kv(b, "aof_rewrite_in_progress", inProgress)
	kv(b, "aof_rewrite_scheduled", boolInt(st.scheduled))
	kv(b, "aof_last_rewrite_time_sec", st.lastRewriteSecs)
	kv(b, "aof_current_rewrite_time_sec", current)
	kv(b, "aof_last_bgrewrite_status", okErr(st.lastRewriteOK))
	kv(b, "aof_rewrites", st.rewrites)
	kv(b, "aof_rewrites_consecutive_failures", st.consecFailures)
	kv(b, "aof_last_write_status", okErr(st.failed == nil))
	kv(b, "aof_last_cow_size", st.lastCowBytes)
	if st.on {
		s.aofInfoOn(b)
	}
}

func (s *Server) aofInfoOn(b *strings.Builder) {
	st := s.aofSt()
	ws := st.epoch.Load().w.Stats()
	kv(b, "aof_current_size", st.currentSize)
	kv(b, "aof_base_size", st.baseSize)
	kv(b, "aof_pending_rewrite", boolInt(st.scheduled))
	kv(b, "aof_buffer_length", ws.PendingBytes)
	kv(b, "aof_pending_bio_fsync", boolInt(ws.FsyncInProgress))
	kv(b, "aof_delayed_fsync", ws.DelayedFsyncs)
	if st.failed != nil {
		kv(b, "aof_last_write_error", strerror(st.failed))
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func okErr(ok bool) string {
	if ok {
		return "ok"
	}
	return "err"
}

// aofPrepareShutdown: the log is flushed and fsynced by aofClose, for every
// policy, as Redis does at shutdown.
func (s *Server) aofPrepareShutdown() string { return "" }

// aofReplyBarrier: see replyBarrier and docs/durability.md. Under
// appendfsync always a write waits for everything logged so far; a read
// waits only for the unsettled writes of the keys it names; a command
// whose reads cannot be told from its arguments waits like a write.
func (s *Server) aofReplyBarrier(cl *client, cmd *engine.Command) uint64 {
	st := s.aofSt()
	if !st.on {
		return 0
	}
	// Under everysec and no, replies wait until their writes are written
	// (not fsynced), as Redis writes its AOF buffer before it sends
	// replies: a process crash loses nothing acknowledged.
	if cmd.Flags&engine.FlagWrite == 0 && cmd.Flags&engine.FlagMovableKeys == 0 && (cmd.FirstKey > 0 || cmd.Keys != nil) {
		return s.readBarrier(cl, cmd)
	}
	switch cmd.Group {
	case "connection", "pubsub":
		return 0
	}
	return s.eng.LSN()
}

func (s *Server) readBarrier(cl *client, cmd *engine.Command) uint64 {
	args := cl.ctx.Args
	db := cl.ctx.DB.ID()
	var lsn uint64
	for _, i := range cmd.KeyPositions(args) {
		lsn = max(lsn, s.eng.ReadLSN(db, unsafe.String(unsafe.SliceData(args[i]), len(args[i]))))
	}
	return lsn
}

// waitDurable blocks until lsn is durable (appendfsync always) and reports
// an error if the log failed. Called without the engine lock.
func (s *Server) waitDurable(lsn uint64) error {
	st := s.aofSt()
	for {
		ep := st.epoch.Load()
		if ep == nil {
			return nil
		}
		if !isClosed(ep.ready) {
			select {
			case <-ep.ready:
			case <-time.After(100 * time.Millisecond):
				continue // the epoch may have been replaced
			}
		}
		if lsn <= ep.floor {
			return nil
		}
		s.handOffFor(lsn)
		var err error
		if ep.always {
			err = ep.w.WaitDurable(lsn)
		} else {
			err = ep.w.WaitWritten(lsn)
		}
		if err == nil {
			return nil
		}
		// A failed writer is replaced by a repair writer whose fresh base
		// holds everything up to its floor: wait for it rather than fail
		// the client. Only a closed log (appendonly no) gives up.
		for st.epoch.Load() == ep {
			time.Sleep(20 * time.Millisecond)
		}
		if st.epoch.Load() == nil {
			return err
		}
	}
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// handOffNow gives the gathered bytes to the writer unless everything up
// to lsn already went: the poller, at the end of a turn whose replies wait
// for the log.
func (s *Server) handOffNow(lsn uint64) {
	if s.aofSt().handedLSN.Load() >= lsn {
		return
	}
	s.eng.Lock()
	s.aofHandOffLocked()
	s.eng.Unlock()
}

// handOffFor makes sure the bytes up to lsn are with the writer. It first
// yields, so that the other clients with requests ready run theirs and
// the one hand-off (and one fsync) covers them all: without it, on one
// core, every command would get an fsync of its own.
func (s *Server) handOffFor(lsn uint64) {
	if s.aofSt().handedLSN.Load() >= lsn {
		return
	}
	runtime.Gosched()
	s.handOffNow(lsn)
}
