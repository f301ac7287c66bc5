package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/strata-db/strata/engine"
)

// feedMonitorsSkip: commands Redis does not show to MONITOR.
func (s *Server) feedMonitorsSkip(cmd *engine.Command) bool {
	return len(s.monitors) == 0 || cmd.Flags&(engine.FlagSkipMonitor|engine.FlagAdmin) != 0
}

// feedMonitors sends the command line to every MONITOR client.
// REQUIRES: the engine lock.
func (s *Server) feedMonitors(from *client, args [][]byte) {
	now := s.now()
	var b strings.Builder
	fmt.Fprintf(&b, "%d.%06d [%d %s]", now.Unix(), now.Nanosecond()/1000, from.db, from.addr)
	for _, a := range args {
		b.WriteByte(' ')
		b.WriteString(monitorQuote(a))
	}
	line := b.String()
	for m := range s.monitors {
		s.push(from, m, func(w pushWriter) { w.Simple(line) })
	}
}

// monitorQuote quotes an argument as Redis's sdscatrepr does.
func monitorQuote(a []byte) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range a {
		switch c {
		case '\\', '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		default:
			if c < 32 || c > 126 {
				b.WriteString(`\x`)
				h := strconv.FormatInt(int64(c), 16)
				if len(h) < 2 {
					b.WriteByte('0')
				}
				b.WriteString(h)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
