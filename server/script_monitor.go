package server

import (
	"fmt"
	"strings"
)

// feedMonitorsFrom sends a command line to every MONITOR client naming
// addr as its source: EVAL feeds itself before its commands run, and the
// commands a script calls show as coming from "lua", as in Redis.
// REQUIRES: the engine lock.
func (s *Server) feedMonitorsFrom(from *client, db int, addr string, args [][]byte) {
	if len(s.monitors) == 0 {
		return
	}
	now := s.now()
	var b strings.Builder
	fmt.Fprintf(&b, "%d.%06d [%d %s]", now.Unix(), now.Nanosecond()/1000, db, addr)
	for _, a := range args {
		b.WriteByte(' ')
		b.WriteString(monitorQuote(a))
	}
	line := b.String()
	for m := range s.monitors {
		s.push(from, m, func(w pushWriter) { w.Simple(line) })
	}
}
