package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/strata-db/strata/internal/resp"
)

// metrics-addr (off by default) serves Prometheus metrics at /metrics. The
// collector asks the server for INFO EVERYTHING over a loopback
// connection at every scrape, as redis_exporter does, so the metrics are
// exactly what INFO says (no second set of counters to keep in step, no
// lock shared with the command path) and carry redis_exporter's names.
func init() {
	define(&directive{name: "metrics-addr", def: "",
		parse: func(a []string) (string, error) { return a[0], nil }})
}

// startMetrics serves /metrics when metrics-addr is set, until the server
// closes or metrics-addr changes. A CONFIG SET of metrics-addr stops the
// old listener first, so a tool that sets every directive back to its
// own value (as Redis's test suite does) sees no change.
func (s *Server) startMetrics() error {
	addr := s.cfg.Get("metrics-addr")
	s.metricsMu.Lock()
	defer s.metricsMu.Unlock()
	s.stopMetricsLocked()
	if addr == "" {
		return nil
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(&infoCollector{s: s})
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: metrics-addr %s: %w", addr, err)
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	s.metrics = hs
	go hs.Serve(l)
	s.log.Info("metrics served", "addr", l.Addr().String(), "path", "/metrics")
	return nil
}

// stopMetrics stops serving /metrics (server close).
func (s *Server) stopMetrics() {
	s.metricsMu.Lock()
	defer s.metricsMu.Unlock()
	s.stopMetricsLocked()
}

func (s *Server) stopMetricsLocked() {
	if s.metrics != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		s.metrics.Shutdown(ctx)
		s.metrics = nil
	}
}

// infoCollector turns INFO fields into metrics at every scrape.
type infoCollector struct{ s *Server }

var upDesc = prometheus.NewDesc("redis_up", "Whether INFO could be read from the server.", nil, nil)

// Describe sends nothing: the metric set follows INFO (an unchecked
// collector).
func (ic *infoCollector) Describe(chan<- *prometheus.Desc) {}

func (ic *infoCollector) Collect(ch chan<- prometheus.Metric) {
	text, err := ic.fetchInfo()
	if err != nil {
		ic.s.log.Warn("metrics: reading INFO failed", "err", err)
		ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 1)
	info := map[string]string{}
	for _, line := range strings.Split(text, "\r\n") {
		field, value, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		info[field] = value
		emitField(ch, field, value)
	}
	values := make([]string, len(infoLabels))
	for i, l := range infoLabels {
		values[i] = info[l]
	}
	gauge(ch, "instance_info", "server section", 1, infoLabels, values...)
}

// fetchInfo runs INFO EVERYTHING on a fresh loopback connection.
func (ic *infoCollector) fetchInfo() (string, error) {
	a := ic.s.Addr()
	if a == nil {
		return "", errors.New("server not listening")
	}
	conn, err := net.DialTimeout("tcp", a.String(), 2*time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	w := resp.NewWriter()
	if pass := ic.s.cfg.Get("requirepass"); pass != "" {
		w.Raw(commandBytes("AUTH", pass))
	}
	w.Raw(commandBytes("INFO", "everything"))
	if _, err := conn.Write(w.Bytes()); err != nil {
		return "", err
	}
	rr := resp.NewReplyReader(bufio.NewReader(conn))
	if ic.s.cfg.Get("requirepass") != "" {
		if rep, err := rr.Read(); err != nil || rep.Type == '-' {
			return "", fmt.Errorf("AUTH: %v %s", err, rep.Str)
		}
	}
	rep, err := rr.Read()
	if err == nil && rep.Type == '-' {
		err = errors.New(rep.Str)
	}
	return rep.Str, err
}

func commandBytes(args ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return []byte(b.String())
}
