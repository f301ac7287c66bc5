package server

import (
	"strings"
	"time"
)

// The RDB side of persistence. Each function is called by persist.go.

// rdbCron runs save points. REQUIRES: the engine lock.
func (s *Server) rdbCron() {}

// rdbDenyWrite returns MISCONF when the last background save failed and
// stop-writes-on-bgsave-error is on. REQUIRES: the engine lock.
func (s *Server) rdbDenyWrite() string { return "" }

// rdbInfo writes the rdb_* INFO fields. REQUIRES: the engine lock.
func (s *Server) rdbInfo(b *strings.Builder) {
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
}

func (s *Server) rdbLastSave() time.Time { return s.start }

func (s *Server) rdbPrepareShutdown(mode int) string { return "" }

func (s *Server) rdbLoadAtStart() error { return nil }

func (s *Server) rdbClose() error { return nil }

func (s *Server) rdbConfigChanged(name, old string) error { return nil }
