package server

import (
	"bytes"
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
	secret := secretArgs(args)
	for i, a := range args {
		b.WriteByte(' ')
		if secret(i) {
			a = redacted
		}
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

var redacted = []byte("(redacted)")

// secretArgs says which arguments of a request are passwords, which
// MONITOR shows as "(redacted)" as Redis does: AUTH's arguments, HELLO's
// AUTH username and password, MIGRATE's AUTH password and AUTH2 username
// and password.
func secretArgs(args [][]byte) func(i int) bool {
	name := strings.ToLower(string(args[0]))
	var hidden []int
	switch name {
	case "auth":
		return func(i int) bool { return i > 0 }
	case "hello":
		for i := 2; i < len(args); i++ {
			if bytes.EqualFold(args[i], []byte("auth")) {
				hidden = append(hidden, i+1, i+2)
				i += 2
			}
		}
	case "migrate":
		for i := 6; i < len(args); i++ {
			switch strings.ToLower(string(args[i])) {
			case "auth":
				hidden = append(hidden, i+1)
				i++
			case "auth2":
				hidden = append(hidden, i+1, i+2)
				i += 2
			case "keys":
				i = len(args)
			}
		}
	}
	return func(i int) bool {
		for _, h := range hidden {
			if h == i {
				return true
			}
		}
		return false
	}
}
