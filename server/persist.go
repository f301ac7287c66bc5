package server

import (
	"strings"
	"time"

	"github.com/strata-db/strata/engine"
)

// persist hands effects to the append-only log. REQUIRES: the engine lock.
// The AOF is wired in by the persistence work; until then effects are
// counted and dropped.
func (s *Server) persist(effects []engine.Effect) {
	if s.persistHook != nil {
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
		s.persistHook(out)
	}
}

// cronPersistenceLocked runs save points and rewrite triggers.
// REQUIRES: the engine lock.
func (s *Server) cronPersistenceLocked() {}

// denyWrite returns the error that refuses cmd now (MISCONF after a failed
// save or log write, OOM), or "". REQUIRES: the engine lock.
func (s *Server) denyWrite(cl *client, cmd *engine.Command) string {
	return ""
}

// denyTxn is denyWrite for a whole transaction at EXEC.
func (s *Server) denyTxn(cl *client, m *multiState) string {
	for _, q := range m.queue {
		if msg := s.denyWrite(cl, q.cmd); msg != "" {
			return "EXECABORT Transaction discarded because of: " + msg[len("ERR "):]
		}
	}
	return ""
}

func (s *Server) applyMaxmemory() {}

// infoPersistence writes INFO's persistence fields. REQUIRES: the engine lock.
func (s *Server) infoPersistence(b *strings.Builder) {
	kv(b, "loading", 0)
	kv(b, "async_loading", 0)
	kv(b, "current_cow_peak", 0)
	kv(b, "current_cow_size", 0)
	kv(b, "current_cow_size_age", 0)
	kv(b, "current_fork_perc", "0.00")
	kv(b, "current_save_keys_processed", 0)
	kv(b, "current_save_keys_total", 0)
	kv(b, "rdb_changes_since_last_save", s.eng.Dirty)
	kv(b, "rdb_bgsave_in_progress", 0)
	kv(b, "rdb_last_save_time", s.start.Unix())
	kv(b, "rdb_last_bgsave_status", "ok")
	kv(b, "rdb_last_bgsave_time_sec", -1)
	kv(b, "rdb_current_bgsave_time_sec", -1)
	kv(b, "rdb_saves", 0)
	kv(b, "rdb_last_cow_size", 0)
	kv(b, "rdb_last_load_keys_expired", 0)
	kv(b, "rdb_last_load_keys_loaded", 0)
	kv(b, "aof_enabled", 0)
	kv(b, "aof_rewrite_in_progress", 0)
	kv(b, "aof_rewrite_scheduled", 0)
	kv(b, "aof_last_rewrite_time_sec", -1)
	kv(b, "aof_current_rewrite_time_sec", -1)
	kv(b, "aof_last_bgrewrite_status", "ok")
	kv(b, "aof_rewrites", 0)
	kv(b, "aof_rewrites_consecutive_failures", 0)
	kv(b, "aof_last_write_status", "ok")
	kv(b, "aof_last_cow_size", 0)
	kv(b, "module_fork_in_progress", 0)
	kv(b, "module_fork_last_cow_size", 0)
}

// lastSave is the time of the last successful save (LASTSAVE).
func (s *Server) lastSave() time.Time { return s.start }

// prepareShutdown runs what must happen before SHUTDOWN succeeds (a final
// save when save points are configured or SAVE is given); it returns an
// error text to refuse the shutdown.
func (s *Server) prepareShutdown(mode int) string { return "" }

// openPersistence loads the data directory and opens the log.
func (s *Server) openPersistence() error { return nil }

// closePersistence flushes and closes the log and writes a final snapshot
// when configured.
func (s *Server) closePersistence() error { return nil }
