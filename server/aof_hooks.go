package server

import (
	"strings"

	"github.com/strata-db/strata/engine"
)

// The AOF side of persistence. Each function is called by persist.go.

// aofAppend encodes effects into the log. REQUIRES: the engine lock.
func (s *Server) aofAppend(effects []engine.Effect) {}

// aofCron runs rewrite triggers and retries after failures.
func (s *Server) aofCron() {}

// aofDenyWrite returns MISCONF while the log cannot be written.
func (s *Server) aofDenyWrite() string { return "" }

// aofInfo writes the aof_* INFO fields. REQUIRES: the engine lock.
func (s *Server) aofInfo(b *strings.Builder) {
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
}

func (s *Server) aofPrepareShutdown() string { return "" }

// aofOpen recovers the dataset from the AOF directory and opens the log.
func (s *Server) aofOpen() error { return nil }

func (s *Server) aofClose() error { return nil }

func (s *Server) aofConfigChanged(name, old string) error { return nil }

// aofReplyBarrier: see replyBarrier.
func (s *Server) aofReplyBarrier(cl *client, cmd *engine.Command) uint64 { return 0 }

// waitDurable blocks until lsn is durable (appendfsync always) and reports
// an error text if the log failed. Called without the engine lock.
func (s *Server) waitDurable(lsn uint64) error { return nil }
