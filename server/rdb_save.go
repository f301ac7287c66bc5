package server

import (
	"errors"
	"fmt"
	"os"
	"runtime/metrics"
	"strings"
	"time"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/rdb"
)

func init() {
	engine.Register(
		&engine.Command{Name: "save", Arity: 1, Flags: engine.FlagAdmin | engine.FlagNoScript | engine.FlagNoMulti,
			Group: "server", Since: "1.0.0", Summary: "Synchronously save the dataset to disk", Run: saveCommand},
		&engine.Command{Name: "bgsave", Arity: -1, Flags: engine.FlagAdmin | engine.FlagNoScript,
			Group: "server", Since: "1.0.0", Summary: "Asynchronously save the dataset to disk", Run: bgsaveCommand},
	)
}

const (
	errBgsaveInProgress = "ERR Background save already in progress"
	errMisconf          = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."
	// bgsaveRetryDelay is how long a failed background save waits before a
	// save point or a scheduled BGSAVE may try again (Redis: 5 seconds).
	bgsaveRetryDelay = 5 * time.Second
)

// saveCommand writes the dataset in the foreground, blocking every client
// as Redis's SAVE does.
func saveCommand(c *engine.Ctx) {
	s := c.Client.(*client).s
	st := s.rdb()
	s.rdbReapLocked()
	if st.bg != nil {
		c.W.Error(errBgsaveInProgress)
		return
	}
	st.saves++
	if err := s.rdbSaveLocked(); err != nil {
		c.W.Error("ERR")
		return
	}
	c.W.OK()
}

// bgsaveCommand starts a background save, or schedules one inside
// MULTI/EXEC, where Redis cannot fork either.
func bgsaveCommand(c *engine.Ctx) {
	// SCHEDULE only matters while another fork-like job (an AOF rewrite
	// in Redis) blocks a save; nothing here does, so it is accepted and
	// the save starts at once.
	if len(c.Args) > 1 && (len(c.Args) != 2 || !c.Is(1, "SCHEDULE")) {
		c.W.Error(engine.ErrSyntax)
		return
	}
	s := c.Client.(*client).s
	st := s.rdb()
	s.rdbReapLocked()
	switch {
	case st.bg != nil:
		c.W.Error(errBgsaveInProgress)
	case c.NoBlock:
		// NB: NoBlock marks MULTI/EXEC and scripts (Redis's in_exec),
		// where Redis schedules rather than forks.
		st.scheduled = true
		c.W.Simple("Background saving scheduled")
	default:
		s.rdbStartBgsaveLocked()
		c.W.Simple("Background saving started")
	}
}

// rdbSaveLocked writes dbfilename in the foreground (SAVE, DEBUG RELOAD,
// shutdown) and records the outcome. REQUIRES: the engine lock.
func (s *Server) rdbSaveLocked() error {
	st := s.rdb()
	snap := s.eng.Snapshot()
	_, err := rdb.SaveFile(st.fs, s.cfg.Get("dir"), s.cfg.Get("dbfilename"), snap,
		s.rdbWriteOptionsLocked(), s.rdbFileOptionsLocked(nil))
	if err != nil {
		s.log.Warn(fmt.Sprintf("Write error saving DB on disk: %v", err))
		return err
	}
	s.log.Info("DB saved on disk")
	s.eng.Dirty = 0
	st.lastSave = s.now()
	st.lastBgsaveOK = true
	return nil
}

// rdbWriteOptionsLocked reads the settings that shape the file.
// REQUIRES: the engine lock.
func (s *Server) rdbWriteOptionsLocked() rdb.WriteOptions {
	ec := s.eng.Config()
	policy := ec.MaxmemoryPolicy
	return rdb.WriteOptions{
		Encoder:   rdb.EncoderOptionsFor(ec, s.cfg.Bool("rdbcompression"), s.cfg.Bool("rdbchecksum")),
		Aux:       rdb.AuxFields{RedisVer: RedisVersion, CTime: s.now().Unix(), UsedMem: int64(heapLiveBytes())},
		SaveLRU:   strings.HasSuffix(policy, "-lru"),
		SaveFreq:  ec.LFU(),
		Functions: s.functionSources(),
	}
}

// functionSources returns the source of every function library, for the
// FUNCTION2 records of a snapshot (libraries are immutable once loaded, so
// the sources read here are the snapshot's). REQUIRES: the engine lock.
func (s *Server) functionSources() []string {
	libs := s.scripts().Libraries()
	out := make([]string, len(libs))
	for i, l := range libs {
		out[i] = l.Code
	}
	return out
}

func (s *Server) rdbFileOptionsLocked(bg *bgsave) rdb.FileOptions {
	st := s.rdb()
	st.tempSeq++
	fo := rdb.FileOptions{
		TempName:        fmt.Sprintf("temp-%d-%d.rdb", os.Getpid(), st.tempSeq),
		IncrementalSync: s.cfg.Bool("rdb-save-incremental-fsync"),
	}
	if bg != nil {
		fo.Cancel = bg.cancel.Load
	}
	return fo
}

// rdbStartBgsaveLocked takes an O(1) snapshot in the writer order and
// writes it on a goroutine while writes go on (DESIGN invariant 4).
// REQUIRES: the engine lock and no background save running.
func (s *Server) rdbStartBgsaveLocked() {
	st := s.rdb()
	now := s.now()
	st.saves++
	st.dirtyBefore = s.eng.Dirty
	st.lastBgsaveTry = now
	st.scheduled = false
	snap := s.eng.Snapshot()
	bg := &bgsave{start: now, done: make(chan struct{}), cost: newSaveCost(snap)}
	opts := s.rdbWriteOptionsLocked()
	opts.Progress, opts.ProgressKeys = func(int64) {
		bg.cost.wrote(yieldEvery)
		s.yieldToClients()
	}, yieldEvery
	fo := s.rdbFileOptionsLocked(bg)
	fs, dir, name := st.fs, s.cfg.Get("dir"), s.cfg.Get("dbfilename")
	st.bg = bg
	s.log.Info(fmt.Sprintf("Background saving started by pid %d", os.Getpid()))
	ended := saveStarted(bg.cost.startHeap)
	go func() {
		defer close(bg.done)
		defer ended()
		bg.sizeBytes, bg.err = rdb.SaveFile(fs, dir, name, snap, opts, fo)
		bg.cost.sample()
	}()
}

var heapLiveSample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

// heapLiveBytes is the heap marked live by the last garbage collection.
func heapLiveBytes() uint64 { return uint64Metric(heapLiveSample) }

// rdbReapLocked collects a finished background save, as Redis's parent
// does when its child exits. REQUIRES: the engine lock.
func (s *Server) rdbReapLocked() {
	st := s.rdb()
	bg := st.bg
	if bg == nil {
		return
	}
	select {
	case <-bg.done:
	default:
		return
	}
	st.bg = nil
	st.lastBgsaveSecs = int64(s.now().Sub(bg.start).Round(time.Second) / time.Second)
	st.lastCowBytes = bg.cost.peak.Load()
	switch {
	case errors.Is(bg.err, rdb.ErrCanceled):
		s.log.Warn("Background saving canceled")
	case bg.err != nil:
		st.lastBgsaveOK = false
		s.log.Warn(fmt.Sprintf("Background saving error: %v", bg.err))
	default:
		s.eng.Dirty -= st.dirtyBefore
		st.lastSave = s.now()
		st.lastBgsaveOK = true
		s.log.Info("Background saving terminated with success")
	}
}

// rdbKillBgsaveLocked stops a running background save and waits for it
// (SHUTDOWN, as Redis kills its child). The save goroutine never takes the
// engine lock, so waiting here cannot deadlock. REQUIRES: the engine lock.
func (s *Server) rdbKillBgsaveLocked() {
	st := s.rdb()
	if st.bg == nil {
		return
	}
	s.log.Warn("There is a child saving an .rdb. Killing it!")
	st.bg.cancel.Store(true)
	<-st.bg.done
	s.rdbReapLocked()
}

// rdbWaitBgsave waits for a running background save to finish on its own
// and collects it. Called without the engine lock.
func (s *Server) rdbWaitBgsave() {
	s.eng.Lock()
	bg := s.rdb().bg
	s.eng.Unlock()
	if bg == nil {
		return
	}
	<-bg.done
	s.eng.Lock()
	s.rdbReapLocked()
	s.eng.Unlock()
}
