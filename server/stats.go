package server

import (
	"time"

	"github.com/strata-db/strata/engine"
)

// commandStats are INFO commandstats figures for one command.
type commandStats struct {
	calls, usec, rejected, failed int64
	// hist[b] counts calls that took at most 2^b microseconds (and more
	// than 2^(b-1)); LATENCY HISTOGRAM and INFO latencystats read it.
	hist [40]int64
}

func latencyBucket(us int64) int {
	b := 0
	for us > 1<<b && b < 39 {
		b++
	}
	return b
}

// percentile returns the bucket bound (µs) under which p percent of calls fell.
func (st *commandStats) percentile(p float64) int64 {
	var total int64
	for _, n := range st.hist {
		total += n
	}
	if total == 0 {
		return 0
	}
	want := int64(float64(total)*p/100 + 0.5)
	var seen int64
	for b, n := range st.hist {
		seen += n
		if seen >= want && n > 0 {
			return 1 << b
		}
	}
	return 1 << 39
}

// cmdStat returns cmd's statistics record. REQUIRES: the engine lock.
func (s *Server) cmdStat(cmd *engine.Command) *commandStats {
	// A pipeline mostly repeats one command: skip the map for it.
	if c := &s.lastCmdStat; c.cmd == cmd {
		return c.st
	}
	st := s.cmdStats[cmd.Name]
	if st == nil {
		st = &commandStats{}
		s.cmdStats[cmd.Name] = st
	}
	s.lastCmdStat.cmd, s.lastCmdStat.st = cmd, st
	return st
}

// recordCommand updates statistics and the slowlog after a command.
// REQUIRES: the engine lock.
func (s *Server) recordCommand(cmd *engine.Command, args [][]byte, cl *client, dur time.Duration, failed bool) {
	st := s.cmdStat(cmd)
	st.calls++
	us := dur.Microseconds()
	st.usec += us
	st.hist[latencyBucket(us)]++
	if failed {
		st.failed++
	}
	if cmd.Flags&engine.FlagSkipSlowlog == 0 {
		s.slowlog.add(s, cl, args, us)
	}
	if ms := dur.Milliseconds(); ms > 0 {
		s.latency.add(s, "command", ms)
	}
}

// countError counts an error reply by its code for INFO errorstats.
// REQUIRES: the engine lock.
func (s *Server) countError(msgOrCode string) {
	code := msgOrCode
	for i := 0; i < len(code); i++ {
		if code[i] == ' ' {
			code = code[:i]
			break
		}
	}
	if len(s.errStats) >= 128 {
		if _, ok := s.errStats[code]; !ok {
			code = "ERRORSTATS_OVERFLOW"
		}
	}
	s.errStats[code]++
	s.stats.totalErrors.Add(1)
}

// slowlog keeps the slowest recent commands (SLOWLOG).
type slowlog struct {
	entries []slowEntry // newest first
	nextID  int64
}

type slowEntry struct {
	id   int64
	at   int64 // unix seconds
	usec int64
	args []string
	addr string
	name string
}

const slowlogMaxArgs = 32
const slowlogMaxArgLen = 128

func (l *slowlog) add(s *Server, cl *client, args [][]byte, usec int64) {
	threshold := s.hot.slowlogSlower.Load()
	if threshold < 0 || usec < threshold {
		return
	}
	e := slowEntry{id: l.nextID, at: s.now().Unix(), usec: usec, addr: cl.addr, name: cl.name}
	l.nextID++
	n := len(args)
	if n > slowlogMaxArgs {
		n = slowlogMaxArgs
	}
	secret := secretArgs(args)
	for i := 0; i < n; i++ {
		a := string(args[i])
		if secret(i) {
			a = string(redacted)
		}
		if i == slowlogMaxArgs-1 && len(args) > slowlogMaxArgs {
			a = "... (" + itoa(int64(len(args)-slowlogMaxArgs+1)) + " more arguments)"
		} else if len(a) > slowlogMaxArgLen {
			a = a[:slowlogMaxArgLen] + "... (" + itoa(int64(len(args[i])-slowlogMaxArgLen)) + " more bytes)"
		}
		e.args = append(e.args, a)
	}
	l.entries = append([]slowEntry{e}, l.entries...)
	l.trim(s.hot.slowlogMaxLen.Load())
}

func (l *slowlog) trim(max int64) {
	if int64(len(l.entries)) > max {
		l.entries = l.entries[:max]
	}
}

// latencyMonitor keeps latency spikes per event (LATENCY).
type latencyMonitor struct {
	events map[string]*latencyEvent
}

type latencyEvent struct {
	samples []latencySample // at most 160, oldest first
	max     int64
}

type latencySample struct{ at, ms int64 }

func (m *latencyMonitor) add(s *Server, event string, ms int64) {
	th := s.hot.latencyThresh.Load()
	if th == 0 || ms < th {
		return
	}
	if m.events == nil {
		m.events = map[string]*latencyEvent{}
	}
	ev := m.events[event]
	if ev == nil {
		ev = &latencyEvent{}
		m.events[event] = ev
	}
	now := s.now().Unix()
	if n := len(ev.samples); n > 0 && ev.samples[n-1].at == now {
		if ms > ev.samples[n-1].ms {
			ev.samples[n-1].ms = ms
		}
	} else {
		ev.samples = append(ev.samples, latencySample{now, ms})
		if len(ev.samples) > 160 {
			ev.samples = ev.samples[1:]
		}
	}
	if ms > ev.max {
		ev.max = ms
	}
}
