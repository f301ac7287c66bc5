package server

import (
	"strings"
	"time"

	"github.com/strata-db/strata/engine"
)

// Persistence is split in two parts that meet here: the RDB side
// (rdb_hooks.go and rdb_*.go: SAVE, BGSAVE, save points, dump.rdb at
// start, DUMP/RESTORE) and the AOF side (aof_hooks.go and aof_*.go: the
// multi-part log, fsync policies, rewrite, recovery at start). This file
// only routes the server's calls to both.

// persist hands effects to the append-only log. REQUIRES: the engine lock.
// The slices in effects are valid only until the lock is released.
func (s *Server) persist(effects []engine.Effect) {
	if s.persistHook != nil {
		s.persistHook(describeEffects(effects))
	}
	s.aofAppend(effects)
	if len(s.replicas) > 0 {
		s.feedReplicas(effects)
	}
}

// setPersistHook installs a test hook that sees every effect.
func (s *Server) setPersistHook(fn func(effects []string)) {
	s.eng.Lock()
	defer s.eng.Unlock()
	s.persistHook = fn
	s.updateLogging()
}

// updateLogging tells the engine whether anyone consumes effects: the AOF,
// a replica, or a test hook. Without one, writes skip encoding them.
// REQUIRES: the engine lock, or a server not yet serving.
func (s *Server) updateLogging() {
	s.eng.SetLogging(s.cfg.Bool("appendonly") || len(s.replicas) > 0 || s.persistHook != nil)
}

func describeEffects(effects []engine.Effect) []string {
	var out []string
	for _, e := range effects {
		mark := ""
		if e.Txn&engine.TxnBegin != 0 {
			mark += "BEGIN "
		}
		if e.Txn&engine.TxnEnd != 0 {
			mark += "END "
		}
		out = append(out, mark+string(e.RESP))
	}
	return out
}

// cronPersistenceLocked runs save points and rewrite triggers.
// REQUIRES: the engine lock.
func (s *Server) cronPersistenceLocked() {
	s.rdbCron()
	s.aofCron()
}

// denyWrite returns the error that refuses cmd now (MISCONF after a failed
// save or log write, OOM), or "". REQUIRES: the engine lock.
func (s *Server) denyWrite(cl *client, cmd *engine.Command) string {
	if s.hot.maxmemory.Load() > 0 {
		if msg := s.oomDeny(cmd); msg != "" {
			return msg
		}
	}
	// NB: PING is refused too, as in Redis, so health checks notice a
	// server that cannot persist.
	if cmd.Flags&engine.FlagWrite == 0 && cmd.Name != "ping" {
		return ""
	}
	if msg := s.aofDenyWrite(); msg != "" {
		return msg
	}
	return s.rdbDenyWrite()
}

// denyTxn is denyWrite for a whole transaction at EXEC.
func (s *Server) denyTxn(cl *client, m *multiState) string {
	for _, q := range m.queue {
		if msg := s.denyWrite(cl, q.cmd); msg != "" {
			return "EXECABORT Transaction discarded because of: " + strings.TrimPrefix(msg, "-")
		}
	}
	return ""
}

// infoPersistence writes INFO's persistence fields. REQUIRES: the engine lock.
func (s *Server) infoPersistence(b *strings.Builder) {
	kv(b, "loading", 0)
	kv(b, "async_loading", 0)
	s.runningSaveCost().info(b)
	s.rdbInfo(b)
	s.aofInfo(b)
	kv(b, "module_fork_in_progress", 0)
	kv(b, "module_fork_last_cow_size", 0)
}

// runningSaveCost is the running background save's, BGSAVE's first, or
// nil. REQUIRES: the engine lock.
func (s *Server) runningSaveCost() *saveCost {
	s.rdbReapLocked()
	s.aofReapRewriteLocked()
	if bg := s.rdb().bg; bg != nil {
		return bg.cost
	}
	if rw := s.aofSt().rw; rw != nil {
		return rw.cost
	}
	return nil
}

// lastSave is the time of the last successful save (LASTSAVE).
func (s *Server) lastSave() time.Time { return s.rdbLastSave() }

// prepareShutdown runs what must happen before SHUTDOWN succeeds; mode is
// 1 for SAVE, -1 for NOSAVE, 0 for the default (save if save points are
// configured). It returns an error text to refuse the shutdown.
func (s *Server) prepareShutdown(mode int) string {
	if msg := s.aofPrepareShutdown(); msg != "" {
		return msg
	}
	return s.rdbPrepareShutdown(mode)
}

// openPersistence loads the data directory (the AOF when appendonly is on,
// else dump.rdb) and opens the log. Called before listening.
//
// NB: with appendonly yes, no AOF at all, and a dump.rdb in dir, Redis 7.0
// starts empty (and its next rewrite loses the dump's data): a well-known
// trap when turning the AOF on in the config file. Strata, whose AOF is on
// by default, loads the dump instead and starts the log from it.
func (s *Server) openPersistence() error {
	// Once idle, return what the load left behind (idleCollectDue).
	defer s.gc.afterLoad.Store(true)
	if s.cfg.Bool("appendonly") {
		if !s.aofExists() && s.rdbExists() {
			s.log.Warn("No append only file yet, but a " + s.cfg.Get("dbfilename") +
				": loading it and starting the append only file from it")
			if err := s.rdbLoadAtStart(); err != nil {
				return err
			}
		}
		return s.aofOpen()
	}
	return s.rdbLoadAtStart()
}

// aofExists reports whether dir holds a multi-part AOF or a legacy one.
func (s *Server) aofExists() bool {
	fs := s.aofSt().fs
	dir := s.cfg.Get("dir")
	_, errDir := fs.Stat(fs.PathJoin(dir, s.cfg.Get("appenddirname")))
	_, errLegacy := fs.Stat(fs.PathJoin(dir, s.cfg.Get("appendfilename")))
	return errDir == nil || errLegacy == nil
}

// rdbExists reports whether dir holds dbfilename.
func (s *Server) rdbExists() bool {
	fs := s.rdb().fs
	_, err := fs.Stat(fs.PathJoin(s.cfg.Get("dir"), s.cfg.Get("dbfilename")))
	return err == nil
}

// closePersistence flushes and closes the log and writes a final snapshot
// when configured.
func (s *Server) closePersistence() error {
	err := s.aofClose()
	if rerr := s.rdbClose(); rerr != nil && err == nil {
		err = rerr
	}
	return err
}

// configChangedPersistence reacts to persistence directives changed at run
// time (appendonly yes/no, appendfsync, save, dir).
func (s *Server) configChangedPersistence(name, old string) error {
	if err := s.aofConfigChanged(name, old); err != nil {
		return err
	}
	return s.rdbConfigChanged(name, old)
}

// replyBarrier returns the LSN that must be durable before cl's pending
// replies may be sent (DESIGN invariant 2), or 0 when none is needed.
// REQUIRES: the engine lock; called after each command.
func (s *Server) replyBarrier(cl *client, cmd *engine.Command) uint64 {
	return s.aofReplyBarrier(cl, cmd)
}
