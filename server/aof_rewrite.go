package server

import (
	"fmt"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/aof"
	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/rdb"
	"github.com/strata-db/strata/wal"
)

func init() {
	engine.Register(&engine.Command{Name: "bgrewriteaof", Arity: 1, Flags: engine.FlagAdmin | engine.FlagNoScript,
		Group: "server", Since: "1.0.0", Summary: "Asynchronously rewrite the append-only file", Run: bgrewriteaofCommand})
}

// rewriteJob is one fork-free rewrite (DESIGN invariant 4): under the
// writer order the snapshot is taken and the log moves to a new INCR file;
// a goroutine writes the base from the snapshot and installs the new
// manifest. The goroutine sets err and sizeBytes before closing done.
type rewriteJob struct {
	start       time.Time
	done        chan struct{}
	repair      bool // recovering from a failed disk: the epoch waits for the base
	epoch       *aofEpoch
	sizeAtStart int64
	err         error
	sizeBytes   int64
	cost        *saveCost
	// incr is the repair's INCR file, which the manifest lists only with
	// the fresh base (aof.Dir.NewUnlistedIncr).
	incr *aof.Info
}

func bgrewriteaofCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	s := cl.s
	st := s.aofSt()
	switch {
	case st.rw != nil:
		c.W.Error(errRewriteInProgress)
	case c.NoBlock || st.failed != nil:
		// Inside MULTI (Redis: in_exec), or while the disk is being
		// recovered: run it from the cron.
		st.scheduled, st.consecFailures = true, 0
		c.W.Simple("Background append only file rewriting scheduled")
	case !st.on:
		if err := s.aofRewriteOffLocked(); err != nil {
			s.log.Warn("BGREWRITEAOF with appendonly off failed", "err", err)
			c.W.Error(errRewriteCantExecute)
			return
		}
		c.W.Simple("Background append only file rewriting started")
	case s.aofStartRewriteLocked(false) == nil:
		c.W.Simple("Background append only file rewriting started")
	default:
		c.W.Error(errRewriteCantExecute)
	}
}

// newBaseWriter reads what the base needs from the configuration.
// REQUIRES: the engine lock (the snapshot is taken here).
func (s *Server) newBaseWriter() *baseWriter {
	return &baseWriter{snap: s.eng.Snapshot(), preamble: s.cfg.Bool("aof-use-rdb-preamble"), yield: s.yieldToClients,
		rdbOpts: rdb.WriteOptions{Encoder: rdb.EncoderOptionsFor(s.eng.Config(),
			s.cfg.Bool("rdbcompression"), s.cfg.Bool("rdbchecksum")), Functions: s.functionSources()}}
}

// aofStartRewriteLocked starts a rewrite; repair is the way back from a
// failed write or fsync: the page cache is not trusted, so a new writer on
// a new INCR file follows a fresh base written from memory, and nothing is
// acknowledged from it until that base is installed (DESIGN invariant 7).
// REQUIRES: the engine lock; the log is on; no rewrite is running.
func (s *Server) aofStartRewriteLocked(repair bool) error {
	st := s.aofSt()
	if !st.on {
		return fmt.Errorf("aof: the log is off")
	}
	bw := s.newBaseWriter()
	if !repair {
		// The manifest NewIncr writes makes the current file a file that
		// is not the last, where a torn tail is damage, not a crash's cut.
		// So everything in it is made durable first, under every policy:
		// the writer order is held, nothing more can be appended to it.
		s.aofHandOffLocked()
		if err := st.epoch.Load().w.Sync(); err != nil {
			s.aofFailLocked(err)
			s.aofRewriteFailedLocked(err)
			return err
		}
	}
	var (
		f    vfs.File
		incr *aof.Info
		err  error
	)
	if repair {
		// The failed file may end in a torn command, which only the last
		// file of a manifest may: it stays the last until the fresh base
		// retires it.
		var info aof.Info
		f, info, err = st.dir.NewUnlistedIncr()
		incr = &info
	} else {
		f, err = st.dir.NewIncr()
	}
	if err != nil {
		s.aofRewriteFailedLocked(err)
		return err
	}
	job := &rewriteJob{start: s.now(), done: make(chan struct{}), repair: repair, incr: incr,
		sizeAtStart: st.currentSize, cost: newSaveCost(bw.snap)}
	if err := s.aofSwitchWriterLocked(job, f, bw.snap.LSN); err != nil {
		s.aofRewriteFailedLocked(err)
		return err
	}
	st.enc.Reset()
	st.rw = job
	s.crashPoint("rewrite-after-rotate")
	ended := saveStarted(job.cost.startHeap)
	go func() {
		defer ended()
		s.aofWriteBase(job, bw)
	}()
	return nil
}

// aofSwitchWriterLocked moves appends to f from now on. A healthy writer
// rotates: the old file is written out and fsynced before any byte of f.
func (s *Server) aofSwitchWriterLocked(job *rewriteJob, f vfs.File, snapLSN uint64) error {
	st := s.aofSt()
	old := st.epoch.Load()
	if !job.repair {
		job.epoch = old
		s.aofHandOffLocked() // these effects are in the snapshot: old file
		return old.w.Rotate(f, 0)
	}
	st.buf = st.buf[:0] // the failed writer's; the snapshot holds them
	w := s.aofNewWriter(f, 0)
	job.epoch = &aofEpoch{w: w, floor: snapLSN, ready: make(chan struct{}), always: st.policy == wal.Always}
	st.epoch.Store(job.epoch)
	st.epochFailed = false
	go func() {
		// NB: the failed writer's error is already reported; closing it
		// only releases its file.
		_ = old.w.Close()
	}()
	return nil
}

func (s *Server) aofWriteBase(job *rewriteJob, bw *baseWriter) {
	defer close(job.done)
	st := s.aofSt()
	bw.resolve()
	yield := bw.yield // NB: counted from here: resolve's scan writes nothing
	bw.yield = func() {
		job.cost.wrote(yieldEvery)
		yield()
	}
	write := func(f vfs.File) error {
		cw := &countingWriter{w: f}
		err := bw.write(cw)
		job.sizeBytes = cw.n
		job.cost.sample()
		s.crashPoint("rewrite-base-written")
		return err
	}
	if job.incr != nil {
		job.err = st.dir.InstallBaseWithIncr(bw.preamble, write, *job.incr)
	} else {
		job.err = st.dir.InstallBase(bw.preamble, write)
	}
	if job.err == nil {
		s.crashPoint("rewrite-installed")
	}
}

// aofReapRewriteLocked collects a finished rewrite. REQUIRES: the engine lock.
func (s *Server) aofReapRewriteLocked() {
	st := s.aofSt()
	job := st.rw
	if job == nil {
		return
	}
	select {
	case <-job.done:
	default:
		return
	}
	st.rw = nil
	st.lastRewriteSecs = int64(s.now().Sub(job.start) / time.Second)
	st.lastCowBytes = job.cost.peak.Load()
	if job.err != nil {
		s.aofRewriteFailedLocked(job.err)
		return
	}
	st.lastRewriteOK, st.rewrites, st.consecFailures = true, st.rewrites+1, 0
	st.currentSize = job.sizeBytes + (st.currentSize - job.sizeAtStart)
	st.baseSize = job.sizeBytes
	s.log.Info("Background AOF rewrite finished successfully", "base_bytes", job.sizeBytes)
	if job.repair && st.epoch.Load() == job.epoch && !st.epochFailed {
		// NB: only a repair writer that is still the log's and still
		// healthy may take writes again.
		st.failed = nil
		close(job.epoch.ready)
		s.logProgress()
		s.log.Warn("AOF write error looks solved: a fresh base is installed, writes are accepted again")
	}
}

func (s *Server) aofRewriteFailedLocked(err error) {
	st := s.aofSt()
	st.lastRewriteOK = false
	st.consecFailures++
	st.lastRetry = s.now()
	s.log.Warn("Background AOF rewrite failed", "err", err)
}
