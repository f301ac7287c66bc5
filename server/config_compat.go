package server

import (
	"fmt"
	"strconv"
	"strings"
)

// Directives redis-server 7.0 accepts that Strata does not act on yet
// (replication, cluster, TLS, defragmentation, OS tuning). They are
// accepted and validated, and CONFIG GET shows them, so existing redis.conf
// files and tooling work unchanged; docs/configuration.md marks them.
func init() {
	define(
		boolDir("aof-disable-auto-gc", "no"),
		boolDir("cluster-allow-pubsubshard-when-down", "yes"),
		boolDir("cluster-allow-reads-when-down", "no"),
		boolDir("cluster-allow-replica-migration", "yes"),
		boolDir("cluster-replica-no-failover", "no"),
		boolDir("cluster-require-full-coverage", "yes"),
		boolDir("disable-thp", "yes"),
		boolDir("repl-disable-tcp-nodelay", "no"),
		boolDir("repl-diskless-sync", "yes"),
		boolDir("replica-announced", "yes"),
		boolDir("replica-ignore-maxmemory", "yes", "slave-ignore-maxmemory"),
		boolDir("replica-ignore-disk-write-errors", "no"),
		boolDir("tls-cluster", "no"),
		boolDir("tls-prefer-server-ciphers", "no"),
		boolDir("tls-replication", "no"),
		boolDir("tls-session-caching", "yes"),
		hidden(boolDir("use-exit-on-panic", "no")),
		intDir("active-defrag-cycle-max", 25, 1, 99),
		intDir("active-defrag-cycle-min", 1, 1, 99),
		intDir("active-defrag-threshold-lower", 10, 0, 1000),
		intDir("active-defrag-threshold-upper", 100, 0, 1000),
		intDir("cluster-announce-bus-port", 0, 0, 65535),
		intDir("cluster-announce-port", 0, 0, 65535),
		intDir("cluster-announce-tls-port", 0, 0, 65535),
		intDir("cluster-migration-barrier", 1, 0, maxInt),
		intDir("cluster-node-timeout", 15000, 0, maxInt),
		intDir("cluster-port", 0, 0, 65535),
		intDir("cluster-replica-validity-factor", 10, 0, maxInt, "cluster-slave-validity-factor"),
		hidden(intDir("key-load-delay", 0, -maxInt, maxInt)),
		hidden(intDir("rdb-key-save-delay", 0, -maxInt, maxInt)),
		intDir("repl-backlog-ttl", 3600, 0, maxInt),
		intDir("repl-diskless-sync-delay", 5, 0, maxInt),
		intDir("repl-diskless-sync-max-replicas", 0, 0, maxInt),
		intDir("repl-ping-replica-period", 10, 1, maxInt, "repl-ping-slave-period"),
		intDir("replica-announce-port", 0, 0, 65535, "slave-announce-port"),
		intDir("replica-priority", 100, 0, maxInt, "slave-priority"),
		intDir("shutdown-timeout", 10, 0, maxInt),
		intDir("socket-mark-id", 0, 0, maxInt),
		intDir("tls-port", 0, 0, 65535),
		intDir("tls-session-cache-size", 20480, 0, maxInt),
		intDir("tls-session-cache-timeout", 300, 0, maxInt),
		intDir("tracking-table-max-keys", 1000000, 0, maxInt),
		hidden(intDir("watchdog-period", 0, 0, maxInt)),
		memDir("active-defrag-ignore-bytes", 100<<20, 1, maxInt),
		memDir("cluster-link-sendbuf-limit", 0, 0, maxInt),
		percentOrMemDir("maxmemory-clients", "0"),
		stringDir("aclfile", ""),
		stringDir("aof_rewrite_cpulist", ""),
		stringDir("bgsave_cpulist", ""),
		stringDir("bio_cpulist", ""),
		stringDir("server_cpulist", ""),
		stringDir("bind-source-addr", ""),
		stringDir("cluster-announce-hostname", ""),
		stringDir("cluster-announce-ip", ""),
		stringDir("cluster-config-file", "nodes.conf"),
		stringDir("ignore-warnings", ""),
		stringDir("proc-title-template", "{title} {listen-addr} {server-mode}"),
		stringDir("replica-announce-ip", ""),
		stringDir("syslog-ident", "redis"),
		stringDir("tls-ca-cert-dir", ""),
		stringDir("tls-ca-cert-file", ""),
		stringDir("tls-cert-file", ""),
		stringDir("tls-ciphers", ""),
		stringDir("tls-ciphersuites", ""),
		stringDir("tls-client-cert-file", ""),
		stringDir("tls-client-key-file", ""),
		stringDir("tls-client-key-file-pass", ""),
		stringDir("tls-dh-params-file", ""),
		stringDir("tls-key-file", ""),
		stringDir("tls-key-file-pass", ""),
		stringDir("tls-protocols", ""),
		stringDir("oom-score-adj-values", "0 200 800"),
		&directive{name: "replicaof", def: "", multiArg: true, parse: func(a []string) (string, error) {
			return joinWords(a), nil
		}, aliases: []string{"slaveof"}},
		enumDir("acl-pubsub-default", "resetchannels", "allchannels", "resetchannels"),
		enumDir("cluster-preferred-endpoint-type", "ip", "ip", "hostname", "unknown-endpoint"),
		enumDir("oom-score-adj", "no", "no", "yes", "relative", "absolute"),
		enumDir("propagation-error-behavior", "ignore", "ignore", "panic", "panic-on-replicas"),
		enumDir("repl-diskless-load", "disabled", "disabled", "on-empty-db", "swapdb"),
		enumDir("sanitize-dump-payload", "no", "no", "yes", "clients"),
		enumDir("shutdown-on-sigint", "default", "default", "save", "nosave", "now", "force"),
		enumDir("shutdown-on-sigterm", "default", "default", "save", "nosave", "now", "force"),
		enumDir("syslog-facility", "local0", "user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"),
		enumDir("tls-auth-clients", "yes", "no", "yes", "optional"),
	)
}

func joinWords(a []string) string {
	out := ""
	for i, w := range a {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}

// hidden marks a debugging directive (Redis's HIDDEN_CONFIG).
func hidden(d *directive) *directive {
	d.hidden = true
	return d
}

// percentOrMemDir is a memory value or a percentage of maxmemory
// ("10%"), as maxmemory-clients takes.
func percentOrMemDir(name, def string) *directive {
	return &directive{name: name, def: def, parse: func(a []string) (string, error) {
		if p, ok := strings.CutSuffix(a[0], "%"); ok {
			n, err := strconv.ParseInt(p, 10, 64)
			if err != nil || n < 0 {
				return "", fmt.Errorf("percentage argument must be a positive integer")
			}
			if n > 100 {
				return "", fmt.Errorf("percentage argument must be less or equal to 100")
			}
			return strconv.FormatInt(n, 10) + "%", nil
		}
		n, ok := parseMemory(a[0])
		if !ok || n < 0 {
			return "", fmt.Errorf("argument must be a memory or percent value")
		}
		return strconv.FormatInt(n, 10), nil
	}}
}

// immutable marks a directive set at startup only.
func immutable(d *directive) *directive {
	d.immutable = true
	return d
}
