package server

import (
	"strconv"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// metricNames maps INFO fields to redis_exporter's metric names (without
// the redis_ prefix); counters end in _total. Numeric fields not listed
// are exported as redis_<field> gauges.
var metricNames = map[string]struct {
	name    string
	counter bool
}{
	"uptime_in_seconds":           {"uptime_in_seconds", false},
	"connected_clients":           {"connected_clients", false},
	"blocked_clients":             {"blocked_clients", false},
	"used_memory":                 {"memory_used_bytes", false},
	"used_memory_rss":             {"memory_used_rss_bytes", false},
	"used_memory_peak":            {"memory_used_peak_bytes", false},
	"maxmemory":                   {"memory_max_bytes", false},
	"total_connections_received":  {"connections_received_total", true},
	"total_commands_processed":    {"commands_processed_total", true},
	"rejected_connections":        {"rejected_connections_total", true},
	"total_net_input_bytes":       {"net_input_bytes_total", true},
	"total_net_output_bytes":      {"net_output_bytes_total", true},
	"expired_keys":                {"expired_keys_total", true},
	"evicted_keys":                {"evicted_keys_total", true},
	"keyspace_hits":               {"keyspace_hits_total", true},
	"keyspace_misses":             {"keyspace_misses_total", true},
	"total_error_replies":         {"errors_replies_total", true},
	"used_cpu_sys":                {"cpu_sys_seconds_total", true},
	"used_cpu_user":               {"cpu_user_seconds_total", true},
	"rdb_changes_since_last_save": {"rdb_changes_since_last_save", false},
	"rdb_last_save_time":          {"rdb_last_save_timestamp_seconds", false},
	"rdb_last_bgsave_time_sec":    {"rdb_last_bgsave_duration_sec", false},
	"aof_last_rewrite_time_sec":   {"aof_last_rewrite_duration_sec", false},
	"instantaneous_ops_per_sec":   {"instantaneous_ops_per_sec", false},
	"instantaneous_input_kbps":    {"instantaneous_input_kbps", false},
	"instantaneous_output_kbps":   {"instantaneous_output_kbps", false},
	"pubsub_channels":             {"pubsub_channels", false},
	"pubsub_patterns":             {"pubsub_patterns", false},
}

// infoLabels go into redis_instance_info.
var infoLabels = []string{"redis_version", "redis_mode", "os", "role", "run_id", "tcp_port", "process_id"}

// emitField turns one "field:value" INFO line into metrics.
func emitField(ch chan<- prometheus.Metric, field, value string) {
	switch {
	case strings.HasPrefix(field, "db") && strings.Contains(value, "keys="):
		emitKeyspace(ch, field, value)
		return
	case strings.HasPrefix(field, "cmdstat_"):
		emitCmdstat(ch, strings.TrimPrefix(field, "cmdstat_"), value)
		return
	case strings.HasPrefix(field, "errorstat_"):
		v := subFields(value)
		counter(ch, "errors_total", "", v["count"], []string{"err"}, strings.TrimPrefix(field, "errorstat_"))
		return
	}
	f, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return
	}
	if m, ok := metricNames[field]; ok {
		if m.counter {
			counter(ch, m.name, field, f, nil)
		} else {
			gauge(ch, m.name, field, f, nil)
		}
		return
	}
	gauge(ch, field, field, f, nil)
}

func emitKeyspace(ch chan<- prometheus.Metric, db, value string) {
	v := subFields(value)
	gauge(ch, "db_keys", "keys", v["keys"], []string{"db"}, db)
	gauge(ch, "db_keys_expiring", "expires", v["expires"], []string{"db"}, db)
	gauge(ch, "db_avg_ttl_seconds", "avg_ttl", v["avg_ttl"]/1000, []string{"db"}, db)
}

func emitCmdstat(ch chan<- prometheus.Metric, cmd, value string) {
	v := subFields(value)
	l := []string{"cmd"}
	counter(ch, "commands_total", "cmdstat calls", v["calls"], l, cmd)
	counter(ch, "commands_duration_seconds_total", "cmdstat usec", v["usec"]/1e6, l, cmd)
	counter(ch, "commands_rejected_calls_total", "cmdstat rejected_calls", v["rejected_calls"], l, cmd)
	counter(ch, "commands_failed_calls_total", "cmdstat failed_calls", v["failed_calls"], l, cmd)
}

// subFields parses "a=1,b=2".
func subFields(s string) map[string]float64 {
	out := map[string]float64{}
	for _, kv := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(kv, "=")
		f, _ := strconv.ParseFloat(v, 64)
		out[k] = f
	}
	return out
}

func gauge(ch chan<- prometheus.Metric, name, field string, v float64, labels []string, values ...string) {
	constMetric(ch, prometheus.GaugeValue, name, field, v, labels, values)
}

func counter(ch chan<- prometheus.Metric, name, field string, v float64, labels []string, values ...string) {
	constMetric(ch, prometheus.CounterValue, name, field, v, labels, values)
}

func constMetric(ch chan<- prometheus.Metric, t prometheus.ValueType, name, field string, v float64, labels, values []string) {
	help := "INFO " + field
	if field == "" {
		help = "INFO " + name
	}
	d := prometheus.NewDesc("redis_"+name, help, labels, nil)
	if m, err := prometheus.NewConstMetric(d, t, v, values...); err == nil {
		ch <- m
	}
}
