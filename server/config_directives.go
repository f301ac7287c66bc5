package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/strata-db/strata/engine"
)

// DefaultDir is where a server started without `dir` keeps its data.
const DefaultDir = "strata-data"

const maxInt = int64(^uint64(0) >> 1)

func init() {
	define(
		// Network and clients.
		intDir("port", 6379, 0, 65535),
		&directive{name: "bind", def: "127.0.0.1", multiArg: true, parse: parseBind},
		boolDir("protected-mode", "yes"),
		intDir("tcp-backlog", 511, 0, maxInt),
		intDir("timeout", 0, 0, maxInt),
		intDir("tcp-keepalive", 300, 0, maxInt),
		intDir("maxclients", 10000, 1, maxInt),
		stringDir("requirepass", ""),
		memDir("proto-max-bulk-len", 512<<20, 1<<20, maxInt),
		memDir("client-query-buffer-limit", 1<<30, 1<<20, maxInt),
		&directive{name: "client-output-buffer-limit", multiArg: true,
			def:   "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
			parse: parseClientOutputBufferLimit},
		&directive{name: "unixsocket", def: "", immutable: true, parse: func(a []string) (string, error) { return a[0], nil }},
		intDir("unixsocketperm", 0, 0, 0777),
		intDir("io-threads", 1, 1, 128),
		boolDir("io-threads-do-reads", "no"),
		// General.
		intDir("databases", 16, 1, 1<<31-1),
		enumDir("loglevel", "notice", "debug", "verbose", "notice", "warning"),
		&directive{name: "logfile", def: "", immutable: true, parse: func(a []string) (string, error) { return a[0], nil }},
		&directive{name: "pidfile", def: "", immutable: true, parse: func(a []string) (string, error) { return a[0], nil }},
		immutable(boolDir("daemonize", "no")),
		enumDir("supervised", "no", "upstart", "systemd", "auto", "no"),
		boolDir("always-show-logo", "no"),
		boolDir("set-proc-title", "yes"),
		boolDir("syslog-enabled", "no"),
		intDir("hz", 10, 0, maxInt),
		boolDir("dynamic-hz", "yes"),
		boolDir("activerehashing", "yes"),
		enumDir("enable-debug-command", "no", "no", "yes", "local"),
		enumDir("enable-protected-configs", "no", "no", "yes", "local"),
		enumDir("enable-module-command", "no", "no", "yes", "local"),
		boolDir("crash-log-enabled", "yes"),
		boolDir("crash-memcheck-enabled", "yes"),
		boolDir("latency-tracking", "yes"),
		stringDir("latency-tracking-info-percentiles", "50 99 99.9"),
		intDir("slowlog-log-slower-than", 10000, -1, maxInt),
		intDir("slowlog-max-len", 128, 0, maxInt),
		intDir("latency-monitor-threshold", 0, 0, maxInt),
		&directive{name: "notify-keyspace-events", def: "", parse: parseNotify},
		boolDir("lazyfree-lazy-eviction", "no"),
		boolDir("lazyfree-lazy-expire", "no"),
		boolDir("lazyfree-lazy-server-del", "no"),
		boolDir("lazyfree-lazy-user-del", "no"),
		boolDir("lazyfree-lazy-user-flush", "no"),
		boolDir("replica-lazy-flush", "no"),
		intDir("active-expire-effort", 1, 1, 10),
		boolDir("activedefrag", "no"),
		boolDir("jemalloc-bg-thread", "yes"),
		boolDir("cluster-enabled", "no"),
		// Memory.
		memDir("maxmemory", 0, 0, maxInt),
		enumDir("maxmemory-policy", "noeviction", "volatile-lru", "volatile-lfu", "volatile-random",
			"volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"),
		intDir("maxmemory-samples", 5, 1, 64),
		intDir("maxmemory-eviction-tenacity", 10, 0, 100),
		intDir("lfu-log-factor", 10, 0, maxInt),
		intDir("lfu-decay-time", 1, 0, maxInt),
		// Encodings.
		intDir("hash-max-listpack-entries", 512, 0, maxInt, "hash-max-ziplist-entries"),
		intDir("hash-max-listpack-value", 64, 0, maxInt, "hash-max-ziplist-value"),
		intDir("set-max-intset-entries", 512, 0, maxInt),
		intDir("zset-max-listpack-entries", 128, 0, maxInt, "zset-max-ziplist-entries"),
		intDir("zset-max-listpack-value", 64, 0, maxInt, "zset-max-ziplist-value"),
		intDir("list-max-listpack-size", -2, -5, maxInt, "list-max-ziplist-size"),
		intDir("list-compress-depth", 0, 0, maxInt),
		memDir("hll-sparse-max-bytes", 3000, 0, maxInt),
		memDir("stream-node-max-bytes", 4096, 0, maxInt),
		intDir("stream-node-max-entries", 100, 0, maxInt),
		// Persistence: RDB.
		&directive{name: "save", def: "3600 1 300 100 60 10000", multiArg: true, parse: parseSave},
		&directive{name: "dir", def: DefaultDir, protected: true, parse: func(a []string) (string, error) { return a[0], nil }},
		&directive{name: "dbfilename", def: "dump.rdb", protected: true, parse: parseFileName},
		boolDir("rdbcompression", "yes"),
		boolDir("rdbchecksum", "yes"),
		boolDir("stop-writes-on-bgsave-error", "yes"),
		boolDir("rdb-del-sync-files", "no"),
		boolDir("rdb-save-incremental-fsync", "yes"),
		// Persistence: AOF. Strata defaults to appendonly yes: persistence
		// first (DESIGN "Configuration").
		boolDir("appendonly", "yes"),
		enumDir("appendfsync", "everysec", "always", "everysec", "no"),
		&directive{name: "appendfilename", def: "appendonly.aof", immutable: true, parse: parseFileName},
		&directive{name: "appenddirname", def: "appendonlydir", immutable: true, parse: parseFileName},
		boolDir("aof-use-rdb-preamble", "yes"),
		boolDir("aof-load-truncated", "yes"),
		boolDir("aof-timestamp-enabled", "no"),
		boolDir("no-appendfsync-on-rewrite", "no"),
		boolDir("aof-rewrite-incremental-fsync", "yes"),
		intDir("auto-aof-rewrite-percentage", 100, 0, maxInt),
		memDir("auto-aof-rewrite-min-size", 64<<20, 0, maxInt),
		// Replication (accepted for compatibility; replication comes later).
		boolDir("replica-read-only", "yes", "slave-read-only"),
		boolDir("replica-serve-stale-data", "yes", "slave-serve-stale-data"),
		intDir("repl-backlog-size", 1<<20, 1, maxInt),
		intDir("repl-timeout", 60, 1, maxInt),
		intDir("min-replicas-to-write", 0, 0, maxInt, "min-slaves-to-write"),
		intDir("min-replicas-max-lag", 10, 0, maxInt, "min-slaves-max-lag"),
		stringDir("masterauth", ""),
		stringDir("masteruser", ""),
		// Strata's own: the Go collector's heap growth target (GOGC).
		intDir("strata-gc-percent", 50, 10, 1000),
		// Strata's own: how long the poller polls on before it sleeps
		// (busypoll_linux.go).
		intDir("strata-busy-poll-us", 50, 0, 1000),
		// Strata's own: the AOF reserves its file's space ahead of its
		// writes in steps of this size; 0 appends (wal/reserve.go).
		memDir("strata-aof-reserve", 4<<20, 0, 1<<30),
		// Scripting.
		intDir("busy-reply-threshold", 5000, 0, maxInt, "lua-time-limit"),
	)
	directives["appendonly"].def = "yes"
}

func parseBind(a []string) (string, error) {
	if len(a) == 0 || len(a) > 16 {
		return "", fmt.Errorf("Too many bind addresses specified.")
	}
	return strings.Join(a, " "), nil
}

func parseFileName(a []string) (string, error) {
	if strings.ContainsAny(a[0], "/\\") {
		return "", fmt.Errorf("%s can't be a path, just a filename", a[0])
	}
	return a[0], nil
}

func parseNotify(a []string) (string, error) {
	f, ok := engine.ParseNotifyClasses(a[0])
	if !ok {
		return "", fmt.Errorf("Invalid event class character. Use 'Ag$lshzxeKEtmd'.")
	}
	return f.String(), nil
}

// saveParam is one "save <seconds> <changes>" point.
type saveParam struct{ seconds, changes int64 }

func parseSave(a []string) (string, error) {
	if len(a) == 1 && a[0] == "" {
		return "", nil
	}
	if len(a) == 1 {
		a = strings.Fields(a[0])
	}
	if len(a)%2 != 0 {
		return "", fmt.Errorf("Invalid save parameters")
	}
	var out []string
	for i := 0; i < len(a); i += 2 {
		s, err1 := strconv.ParseInt(a[i], 10, 64)
		c, err2 := strconv.ParseInt(a[i+1], 10, 64)
		if err1 != nil || err2 != nil || s < 0 || c < 0 {
			return "", fmt.Errorf("Invalid save parameters")
		}
		out = append(out, strconv.FormatInt(s, 10), strconv.FormatInt(c, 10))
	}
	return strings.Join(out, " "), nil
}

func saveParams(v string) []saveParam {
	f := strings.Fields(v)
	var out []saveParam
	for i := 0; i+1 < len(f); i += 2 {
		s, _ := strconv.ParseInt(f[i], 10, 64)
		c, _ := strconv.ParseInt(f[i+1], 10, 64)
		out = append(out, saveParam{s, c})
	}
	return out
}

// outputLimit is one class's client-output-buffer-limit.
type outputLimit struct {
	hard, soft, softSeconds int64
}

var outputClasses = []string{"normal", "slave", "pubsub"}

// parseClientOutputBufferLimit validates "<class> <hard> <soft> <secs> ..."
// and returns the named classes in canonical form; Config.set merges them
// into the current value, so one line can change one class.
func parseClientOutputBufferLimit(a []string) (string, error) {
	if len(a) == 1 {
		a = strings.Fields(a[0])
	}
	if len(a) == 0 || len(a)%4 != 0 {
		return "", fmt.Errorf("Wrong number of arguments in buffer limit configuration.")
	}
	var out []string
	for i := 0; i < len(a); i += 4 {
		cl := strings.ToLower(a[i])
		if cl == "replica" {
			cl = "slave"
		}
		if cl != "normal" && cl != "slave" && cl != "pubsub" {
			return "", fmt.Errorf("Invalid client class specified in buffer limit configuration.")
		}
		hard, ok1 := parseMemory(a[i+1])
		soft, ok2 := parseMemory(a[i+2])
		secs, err := strconv.ParseInt(a[i+3], 10, 64)
		if !ok1 || !ok2 || err != nil || hard < 0 || soft < 0 || secs < 0 {
			return "", fmt.Errorf("Error in hard, soft or soft_seconds setting in buffer limit configuration.")
		}
		out = append(out, cl, strconv.FormatInt(hard, 10), strconv.FormatInt(soft, 10), strconv.FormatInt(secs, 10))
	}
	return strings.Join(out, " "), nil
}

// mergeOutputLimits overlays the classes named in update onto current.
func mergeOutputLimits(current, update string) string {
	m := outputLimits(current)
	for cl, l := range outputLimits(update) {
		m[cl] = l
	}
	var out []string
	for _, cl := range outputClasses {
		l := m[cl]
		out = append(out, cl, strconv.FormatInt(l.hard, 10), strconv.FormatInt(l.soft, 10), strconv.FormatInt(l.softSeconds, 10))
	}
	return strings.Join(out, " ")
}

func outputLimits(v string) map[string]outputLimit {
	f := strings.Fields(v)
	out := map[string]outputLimit{}
	for i := 0; i+3 < len(f); i += 4 {
		h, _ := strconv.ParseInt(f[i+1], 10, 64)
		s, _ := strconv.ParseInt(f[i+2], 10, 64)
		t, _ := strconv.ParseInt(f[i+3], 10, 64)
		out[f[i]] = outputLimit{h, s, t}
	}
	return out
}
