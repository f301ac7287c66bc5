package server

import (
	"fmt"
	"sort"
	"strings"

	"github.com/strata-db/strata/engine"
)

// latencyHistogram answers LATENCY HISTOGRAM [command ...]: per command,
// its calls and the cumulative count of calls per power-of-two bucket of
// microseconds, as Redis 7.0 reports from its histograms.
func latencyHistogram(c *engine.Ctx) {
	s := c.Client.(*client).s
	var names []string
	if len(c.Args) == 2 {
		for n, st := range s.cmdStats {
			if st.calls > 0 {
				names = append(names, n)
			}
		}
	} else {
		seen := map[string]bool{}
		for i := 2; i < len(c.Args); i++ {
			n := strings.ToLower(c.Key(i))
			// A container command stands for its subcommands.
			for name, st := range s.cmdStats {
				if (name == n || strings.HasPrefix(name, n+"|")) && st.calls > 0 && !seen[name] {
					seen[name] = true
					names = append(names, name)
				}
			}
		}
	}
	sort.Strings(names)
	c.W.Map(len(names))
	for _, n := range names {
		st := s.cmdStats[n]
		c.W.BulkString(n)
		c.W.Map(2)
		c.W.BulkString("calls")
		c.W.Int(st.calls)
		c.W.BulkString("histogram_usec")
		used := 0
		for _, v := range st.hist {
			if v > 0 {
				used++
			}
		}
		c.W.Map(used)
		var cum int64
		for b, v := range st.hist {
			cum += v
			if v > 0 {
				c.W.Int(1 << b)
				c.W.Int(cum)
			}
		}
	}
}

// infoLatencyStats writes INFO latencystats lines.
func (s *Server) infoLatencyStats(b *strings.Builder) {
	names := make([]string, 0, len(s.cmdStats))
	for n := range s.cmdStats {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		st := s.cmdStats[n]
		if st.calls == 0 {
			continue
		}
		fmt.Fprintf(b, "latency_percentiles_usec_%s:p50=%d.000,p99=%d.000,p99.9=%d.000\r\n",
			n, st.percentile(50), st.percentile(99), st.percentile(99.9))
	}
}
