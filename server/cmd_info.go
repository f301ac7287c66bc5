package server

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/strata-db/strata/engine"
)

func init() {
	engine.Register(&engine.Command{Name: "info", Arity: -1, Flags: engine.FlagLoading | engine.FlagStale,
		Group: "server", Since: "1.0.0", Summary: "Get information and statistics about the server", Run: infoCommand})
}

var defaultSections = []string{"server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace"}
var allSections = append(append([]string(nil), defaultSections...), "commandstats", "latencystats")

func infoCommand(c *engine.Ctx) {
	s := c.Client.(*client).s
	want := map[string]bool{}
	var order []string
	add := func(names ...string) {
		for _, n := range names {
			if !want[n] {
				want[n] = true
				order = append(order, n)
			}
		}
	}
	if len(c.Args) == 1 {
		add(defaultSections...)
	}
	for i := 1; i < len(c.Args); i++ {
		switch sec := strings.ToLower(c.Key(i)); sec {
		case "default":
			add(defaultSections...)
		case "all", "everything":
			add(allSections...)
		default:
			add(sec)
		}
	}
	// Sections are always printed in Redis's order.
	var b strings.Builder
	for _, sec := range allSections {
		if want[sec] {
			if b.Len() > 0 {
				b.WriteString("\r\n")
			}
			s.infoSection(&b, sec)
		}
	}
	c.W.Verbatim("txt", b.String())
}

func kv(b *strings.Builder, k string, v any) { fmt.Fprintf(b, "%s:%v\r\n", k, v) }

func (s *Server) infoSection(b *strings.Builder, sec string) {
	switch sec {
	case "server":
		s.infoServer(b)
	case "clients":
		s.infoClients(b)
	case "memory":
		s.infoMemory(b)
	case "persistence":
		b.WriteString("# Persistence\r\n")
		s.infoPersistence(b)
	case "stats":
		s.infoStats(b)
	case "replication":
		b.WriteString("# Replication\r\n")
		kv(b, "role", "master")
		kv(b, "connected_slaves", len(s.replicas))
		kv(b, "master_failover_state", "no-failover")
		kv(b, "master_replid", s.runID)
		kv(b, "master_replid2", strings.Repeat("0", 40))
		kv(b, "master_repl_offset", 0)
		kv(b, "second_repl_offset", -1)
		kv(b, "repl_backlog_active", 0)
		kv(b, "repl_backlog_size", s.cfg.Int("repl-backlog-size"))
		kv(b, "repl_backlog_first_byte_offset", 0)
		kv(b, "repl_backlog_histlen", 0)
	case "cpu":
		s.infoCPU(b)
	case "modules":
		b.WriteString("# Modules\r\n")
	case "errorstats":
		b.WriteString("# Errorstats\r\n")
		codes := make([]string, 0, len(s.errStats))
		for code := range s.errStats {
			codes = append(codes, code)
		}
		sort.Strings(codes)
		for _, code := range codes {
			fmt.Fprintf(b, "errorstat_%s:count=%d\r\n", code, s.errStats[code])
		}
	case "cluster":
		b.WriteString("# Cluster\r\n")
		kv(b, "cluster_enabled", 0)
	case "keyspace":
		b.WriteString("# Keyspace\r\n")
		for i := 0; i < s.eng.NumDBs(); i++ {
			db := s.eng.DB(i)
			if db.Len() > 0 {
				fmt.Fprintf(b, "db%d:keys=%d,expires=%d,avg_ttl=0\r\n", i, db.Len(), db.Expires())
			}
		}
	case "commandstats":
		b.WriteString("# Commandstats\r\n")
		names := make([]string, 0, len(s.cmdStats))
		for n := range s.cmdStats {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			st := s.cmdStats[n]
			per := 0.0
			if st.calls > 0 {
				per = float64(st.usec) / float64(st.calls)
			}
			fmt.Fprintf(b, "cmdstat_%s:calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d\r\n",
				n, st.calls, st.usec, per, st.rejected, st.failed)
		}
	case "latencystats":
		b.WriteString("# Latencystats\r\n")
		s.infoLatencyStats(b)
	}
}

func (s *Server) infoServer(b *strings.Builder) {
	b.WriteString("# Server\r\n")
	now := s.now()
	up := now.Sub(s.start)
	exe, _ := os.Executable()
	kv(b, "redis_version", RedisVersion)
	kv(b, "redis_git_sha1", "00000000")
	kv(b, "redis_git_dirty", 0)
	kv(b, "redis_build_id", "0")
	kv(b, "redis_mode", "standalone")
	kv(b, "os", osName())
	kv(b, "arch_bits", 64)
	kv(b, "monotonic_clock", "POSIX clock_gettime")
	kv(b, "multiplexing_api", "epoll")
	kv(b, "atomicvar_api", "c11-builtin")
	kv(b, "gcc_version", "0.0.0")
	kv(b, "process_id", os.Getpid())
	kv(b, "process_supervised", "no")
	kv(b, "run_id", s.runID)
	kv(b, "tcp_port", s.cfg.Int("port"))
	kv(b, "server_time_usec", now.UnixMicro())
	kv(b, "uptime_in_seconds", int64(up.Seconds()))
	kv(b, "uptime_in_days", int64(up.Hours()/24))
	kv(b, "hz", s.cfg.Int("hz"))
	kv(b, "configured_hz", s.cfg.Int("hz"))
	kv(b, "lru_clock", (now.Unix())&(1<<24-1))
	kv(b, "executable", exe)
	kv(b, "config_file", s.cfg.File)
	kv(b, "io_threads_active", 0)
	kv(b, "strata_version", Version)
	kv(b, "go_version", runtime.Version())
}

func (s *Server) infoClients(b *strings.Builder) {
	b.WriteString("# Clients\r\n")
	s.mu.Lock()
	n := len(s.clients)
	s.mu.Unlock()
	kv(b, "connected_clients", n)
	kv(b, "cluster_connections", 0)
	kv(b, "maxclients", s.cfg.Int("maxclients"))
	kv(b, "client_recent_max_input_buffer", 0)
	kv(b, "client_recent_max_output_buffer", 0)
	kv(b, "blocked_clients", s.blocked.count+int(s.pausedClients.Load()))
	kv(b, "tracking_clients", 0)
	kv(b, "clients_in_timeout_table", s.blocked.count)
}

func human(n uint64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 2, 64) + "G"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 2, 64) + "M"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 2, 64) + "K"
	}
	return strconv.FormatUint(n, 10) + "B"
}

// rss reads the process's resident set size from /proc.
func rss() uint64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(f[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}

func (s *Server) infoMemory(b *strings.Builder) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r := rss()
	used := ms.HeapAlloc
	if used > s.peakMemory {
		s.peakMemory = used
	}
	b.WriteString("# Memory\r\n")
	kv(b, "used_memory", used)
	kv(b, "used_memory_human", human(used))
	kv(b, "used_memory_rss", r)
	kv(b, "used_memory_rss_human", human(r))
	kv(b, "used_memory_peak", s.peakMemory)
	kv(b, "used_memory_peak_human", human(s.peakMemory))
	kv(b, "used_memory_peak_perc", fmt.Sprintf("%.2f%%", 100*float64(used)/float64(max(s.peakMemory, 1))))
	kv(b, "used_memory_overhead", ms.HeapSys-ms.HeapAlloc)
	kv(b, "used_memory_startup", 0)
	kv(b, "used_memory_dataset", used)
	kv(b, "used_memory_dataset_perc", "100.00%")
	kv(b, "allocator_allocated", ms.HeapAlloc)
	kv(b, "allocator_active", ms.HeapInuse)
	kv(b, "allocator_resident", ms.HeapSys-ms.HeapReleased)
	kv(b, "total_system_memory", totalSystemMemory())
	kv(b, "total_system_memory_human", human(totalSystemMemory()))
	lua := s.scripts()
	kv(b, "used_memory_lua", 0)
	kv(b, "used_memory_vm_eval", 0)
	kv(b, "used_memory_scripts_eval", lua.CacheBytes())
	kv(b, "number_of_cached_scripts", lua.Count())
	kv(b, "number_of_functions", lua.FunctionCount())
	kv(b, "number_of_libraries", len(lua.Libraries()))
	kv(b, "used_memory_scripts", lua.CacheBytes())
	kv(b, "maxmemory", s.cfg.Int("maxmemory"))
	kv(b, "maxmemory_human", human(uint64(s.cfg.Int("maxmemory"))))
	kv(b, "maxmemory_policy", s.cfg.Get("maxmemory-policy"))
	kv(b, "mem_fragmentation_ratio", fmt.Sprintf("%.2f", float64(r)/float64(max(used, 1))))
	kv(b, "mem_fragmentation_bytes", int64(r)-int64(used))
	kv(b, "mem_allocator", "go-"+runtime.Version())
	pending := 0
	if s.gc.running.Load() {
		pending = 1
	}
	kv(b, "lazyfree_pending_objects", pending)
	kv(b, "lazyfreed_objects", s.eng.Stats().LazyfreedObjects)
	kv(b, "gc_cycles", ms.NumGC)
	kv(b, "gc_pause_total_ns", ms.PauseTotalNs)
	kv(b, "gc_cpu_fraction", fmt.Sprintf("%.4f", ms.GCCPUFraction))
}

func (s *Server) infoStats(b *strings.Builder) {
	st := s.eng.Stats()
	b.WriteString("# Stats\r\n")
	kv(b, "total_connections_received", s.stats.connectionsReceived.Load())
	kv(b, "total_commands_processed", s.stats.commandsProcessed.Load())
	kv(b, "instantaneous_ops_per_sec", s.opsPerSec())
	kv(b, "total_net_input_bytes", s.stats.netInput.Load())
	kv(b, "total_net_output_bytes", s.stats.netOutput.Load())
	kv(b, "total_net_repl_input_bytes", 0)
	kv(b, "total_net_repl_output_bytes", 0)
	kv(b, "instantaneous_input_kbps", "0.00")
	kv(b, "instantaneous_output_kbps", "0.00")
	kv(b, "instantaneous_input_repl_kbps", "0.00")
	kv(b, "instantaneous_output_repl_kbps", "0.00")
	kv(b, "rejected_connections", s.stats.rejectedConns.Load())
	kv(b, "sync_full", 0)
	kv(b, "sync_partial_ok", 0)
	kv(b, "sync_partial_err", 0)
	kv(b, "expired_keys", st.ExpiredKeys)
	kv(b, "expired_stale_perc", "0.00")
	kv(b, "expired_time_cap_reached_count", 0)
	kv(b, "expire_cycle_cpu_milliseconds", st.ExpireCycleCPUMs)
	kv(b, "evicted_keys", st.EvictedKeys)
	kv(b, "evicted_clients", 0)
	kv(b, "total_eviction_exceeded_time", 0)
	kv(b, "current_eviction_exceeded_time", 0)
	kv(b, "keyspace_hits", st.KeyspaceHits)
	kv(b, "keyspace_misses", st.KeyspaceMisses)
	kv(b, "pubsub_channels", len(s.pubsub.channels))
	kv(b, "pubsub_patterns", len(s.pubsub.patterns))
	kv(b, "pubsubshard_channels", len(s.pubsub.shardChan))
	kv(b, "latest_fork_usec", 0)
	kv(b, "total_forks", 0)
	kv(b, "migrate_cached_sockets", 0)
	kv(b, "slave_expires_tracked_keys", 0)
	kv(b, "active_defrag_hits", 0)
	kv(b, "active_defrag_misses", 0)
	kv(b, "active_defrag_key_hits", 0)
	kv(b, "active_defrag_key_misses", 0)
	kv(b, "total_active_defrag_time", 0)
	kv(b, "current_active_defrag_time", 0)
	kv(b, "tracking_total_keys", 0)
	kv(b, "tracking_total_items", 0)
	kv(b, "tracking_total_prefixes", 0)
	kv(b, "unexpected_error_replies", s.stats.unexpectedErrors.Load())
	kv(b, "total_error_replies", s.stats.totalErrors.Load())
	kv(b, "dump_payload_sanitizations", 0)
	kv(b, "total_reads_processed", 0)
	kv(b, "total_writes_processed", 0)
	kv(b, "io_threaded_reads_processed", 0)
	kv(b, "io_threaded_writes_processed", 0)
	kv(b, "reply_buffer_shrinks", 0)
	kv(b, "reply_buffer_expands", 0)
}

func (s *Server) infoCPU(b *strings.Builder) {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	tv := func(t syscall.Timeval) string {
		return fmt.Sprintf("%.6f", float64(t.Sec)+float64(t.Usec)/1e6)
	}
	b.WriteString("# CPU\r\n")
	kv(b, "used_cpu_sys", tv(ru.Stime))
	kv(b, "used_cpu_user", tv(ru.Utime))
	kv(b, "used_cpu_sys_children", "0.000000")
	kv(b, "used_cpu_user_children", "0.000000")
	kv(b, "used_cpu_sys_main_thread", tv(ru.Stime))
	kv(b, "used_cpu_user_main_thread", tv(ru.Utime))
}

// opsPerSec samples total_commands_processed over the last second or so.
func (s *Server) opsPerSec() int64 {
	s.opsMu.Lock()
	defer s.opsMu.Unlock()
	if len(s.opsSamples) == 0 {
		return 0
	}
	var sum int64
	for _, v := range s.opsSamples {
		sum += v
	}
	return sum / int64(len(s.opsSamples))
}

// sampleOps records ops/s since the previous sample; called by cron.
func (s *Server) sampleOps() {
	s.opsMu.Lock()
	defer s.opsMu.Unlock()
	now := time.Now()
	n := s.stats.commandsProcessed.Load()
	if !s.opsLastAt.IsZero() {
		dt := now.Sub(s.opsLastAt).Seconds()
		if dt > 0 {
			s.opsSamples = append(s.opsSamples, int64(float64(n-s.opsLastN)/dt))
			if len(s.opsSamples) > 16 {
				s.opsSamples = s.opsSamples[1:]
			}
		}
	}
	s.opsLastAt, s.opsLastN = now, n
}
