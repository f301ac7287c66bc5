package server

import (
	"fmt"
	"strings"
	"time"
)

// The RDB side of persistence. Each function is called by persist.go; the
// work is in rdb_save.go (SAVE, BGSAVE), rdb_load.go (dump.rdb at start)
// and rdb_debug.go (DEBUG RELOAD). DUMP and RESTORE are engine commands
// using the codec installed in rdb_state.go.

// rdbCron collects a finished background save and starts one when a save
// point is due or one was scheduled, as Redis's serverCron does.
// REQUIRES: the engine lock.
func (s *Server) rdbCron() {
	rdbDumpCompress.Store(s.cfg.Bool("rdbcompression"))
	s.rdbReapLocked()
	st := s.rdb()
	if st.bg != nil {
		return
	}
	now := s.now()
	mayRetry := st.lastBgsaveOK || now.Sub(st.lastBgsaveTry) > bgsaveRetryDelay
	if st.scheduled && mayRetry {
		s.rdbStartBgsaveLocked()
		return
	}
	for _, sp := range saveParams(s.cfg.Get("save")) {
		if s.eng.Dirty >= sp.changes && now.Unix()-st.lastSave.Unix() > sp.seconds && mayRetry {
			s.log.Info(fmt.Sprintf("%d changes in %d seconds. Saving...", sp.changes, sp.seconds))
			s.rdbStartBgsaveLocked()
			return
		}
	}
}

// rdbDenyWrite returns MISCONF when the last background save failed, save
// points are configured and stop-writes-on-bgsave-error is on.
// REQUIRES: the engine lock.
func (s *Server) rdbDenyWrite() string {
	if s.rdb().lastBgsaveOK {
		return ""
	}
	if !s.cfg.Bool("stop-writes-on-bgsave-error") || s.cfg.Get("save") == "" {
		return ""
	}
	return errMisconf
}

// rdbInfo writes the rdb_* INFO fields. REQUIRES: the engine lock.
func (s *Server) rdbInfo(b *strings.Builder) {
	s.rdbReapLocked()
	st := s.rdb()
	inProgress, current := 0, int64(-1)
	if st.bg != nil {
		inProgress = 1
		current = int64(s.now().Sub(st.bg.start) / time.Second)
	}
	status := "ok"
	if !st.lastBgsaveOK {
		status = "err"
	}
	kv(b, "rdb_changes_since_last_save", s.eng.Dirty)
	kv(b, "rdb_bgsave_in_progress", inProgress)
	kv(b, "rdb_last_save_time", st.lastSave.Unix())
	kv(b, "rdb_last_bgsave_status", status)
	kv(b, "rdb_last_bgsave_time_sec", st.lastBgsaveSecs)
	kv(b, "rdb_current_bgsave_time_sec", current)
	kv(b, "rdb_saves", st.saves)
	kv(b, "rdb_last_cow_size", st.lastCowBytes)
	kv(b, "rdb_last_load_keys_expired", st.lastLoadExpired)
	kv(b, "rdb_last_load_keys_loaded", st.lastLoadLoaded)
}

// rdbLastSave is LASTSAVE's time. REQUIRES: the engine lock.
func (s *Server) rdbLastSave() time.Time {
	s.rdbReapLocked()
	return s.rdb().lastSave
}

// rdbPrepareShutdown runs the final save of SHUTDOWN: always with SAVE
// (mode 1), never with NOSAVE (-1), and by default when save points are
// configured. A running background save is stopped first, as Redis kills
// its child. REQUIRES: the engine lock.
func (s *Server) rdbPrepareShutdown(mode int) string {
	st := s.rdb()
	if mode == -1 || (mode == 0 && s.cfg.Get("save") == "") {
		s.rdbKillBgsaveLocked()
		st.shutdownDone = true
		return ""
	}
	s.rdbKillBgsaveLocked()
	s.log.Info("Saving the final RDB snapshot before exiting.")
	if err := s.rdbSaveLocked(); err != nil {
		s.log.Warn("Error trying to save the DB, can't exit.")
		return "ERR Errors trying to SHUTDOWN. Check logs."
	}
	st.shutdownDone = true
	return ""
}

// rdbClose finishes the RDB side when the process stops. A stop that did
// not come through SHUTDOWN (a signal) saves here when save points are
// configured, as Redis does on SIGTERM.
func (s *Server) rdbClose() error {
	s.eng.Lock()
	defer s.eng.Unlock()
	st := s.rdb()
	if st.shutdownDone {
		s.rdbKillBgsaveLocked()
		return nil
	}
	if s.cfg.Get("save") == "" {
		s.rdbKillBgsaveLocked()
		return nil
	}
	if msg := s.rdbPrepareShutdown(0); msg != "" {
		return fmt.Errorf("server: final save failed (see the log)")
	}
	return nil
}

// rdbConfigChanged reacts to CONFIG SET of RDB directives. Save points,
// dir and dbfilename are read when used; only DUMP's compression is kept
// elsewhere.
func (s *Server) rdbConfigChanged(name, old string) error {
	if name == "rdbcompression" {
		rdbDumpCompress.Store(s.cfg.Bool(name))
	}
	return nil
}
