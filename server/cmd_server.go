package server

import (
	"fmt"
	"strings"

	"github.com/strata-db/strata/engine"
)

func init() {
	engine.Register(
		&engine.Command{Name: "time", Arity: 1, Flags: engine.FlagLoading | engine.FlagStale | engine.FlagFast,
			Group: "server", Since: "2.6.0", Summary: "Return the current server time", Run: timeCommand},
		&engine.Command{Name: "lastsave", Arity: 1, Flags: engine.FlagLoading | engine.FlagStale | engine.FlagFast,
			Group: "server", Since: "1.0.0", Summary: "Get the UNIX time stamp of the last successful save to disk", Run: lastsaveCommand},
		&engine.Command{Name: "shutdown", Arity: -1, Flags: engine.FlagAdmin | engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagNoMulti | engine.FlagAllowBusy,
			Group: "server", Since: "1.0.0", Summary: "Synchronously save the dataset to disk and then shut down the server", Run: shutdownCommand},
		&engine.Command{Name: "monitor", Arity: 1, Flags: engine.FlagAdmin | engine.FlagNoScript | engine.FlagLoading | engine.FlagStale,
			Group: "server", Since: "1.0.0", Summary: "Listen for all requests received by the server in real time", Run: monitorCommand},
		&engine.Command{Name: "lolwut", Arity: -1, Flags: engine.FlagReadOnly | engine.FlagFast,
			Group: "server", Since: "5.0.0", Summary: "Display some computer art and the Redis version", Run: lolwutCommand},
	)
}

func timeCommand(c *engine.Ctx) {
	now := c.Client.(*client).s.now()
	c.W.Array(2)
	c.W.BulkInt(now.Unix())
	c.W.BulkInt(int64(now.Nanosecond() / 1000))
}

func lastsaveCommand(c *engine.Ctx) { c.W.Int(c.Client.(*client).s.lastSave().Unix()) }

func shutdownCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	mode := 0
	for i := 1; i < len(c.Args); i++ {
		switch {
		case c.Is(i, "NOSAVE"):
			mode = -1
		case c.Is(i, "SAVE"):
			mode = 1
		case c.Is(i, "NOW"), c.Is(i, "FORCE"):
		case c.Is(i, "ABORT"):
			c.W.Error("ERR No shutdown in progress.")
			return
		default:
			c.W.Error(engine.ErrSyntax)
			return
		}
	}
	if msg := cl.s.prepareShutdown(mode); msg != "" {
		c.W.Error(msg)
		return
	}
	cl.s.requestShutdown(mode)
	cl.closeAfter = true
}

func monitorCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	if cl.flags.monitor {
		c.W.OK()
		return
	}
	cl.flags.monitor = true
	cl.s.monitors[cl] = struct{}{}
	c.W.OK()
}

func lolwutCommand(c *engine.Ctx) {
	c.W.Verbatim("txt", fmt.Sprintf("Strata %s, speaking Redis ver. %s\n", Version, RedisVersion))
}

func init() {
	engine.Register(&engine.Command{Name: "slowlog", Arity: -2, Group: "server", Since: "2.2.12",
		Summary: "A container for slow log commands", Run: containerHelp})
	sub := func(name string, arity int, run func(*engine.Ctx), summary string) {
		engine.RegisterSub("slowlog", &engine.Command{Name: name, Arity: arity,
			Flags: engine.FlagAdmin | engine.FlagLoading | engine.FlagStale, Group: "server", Since: "2.2.12", Summary: summary, Run: run})
	}
	sub("get", -2, slowlogGet, "Get the slow log's entries")
	sub("len", 2, func(c *engine.Ctx) { c.W.Int(int64(len(c.Client.(*client).s.slowlog.entries))) }, "Get the slow log's length")
	sub("reset", 2, func(c *engine.Ctx) { c.Client.(*client).s.slowlog.entries = nil; c.W.OK() }, "Clear all entries from the slow log")
	sub("help", 2, func(c *engine.Ctx) {
		writeHelp(c, "SLOWLOG",
			"GET [<count>]", "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
			"    Entries are made of:",
			"    id, timestamp, time in microseconds, arguments array, client IP and port,",
			"    client name",
			"LEN", "    Return the length of the slowlog.",
			"RESET", "    Reset the slowlog.")
	}, "Show helpful text about the different subcommands")
}

func slowlogGet(c *engine.Ctx) {
	s := c.Client.(*client).s
	n := int64(10)
	if len(c.Args) == 3 {
		v, ok := engine.ParseInt(c.Args[2])
		if !ok || v < -1 {
			c.W.Error("ERR count should be greater than or equal to -1")
			return
		}
		n = v
	}
	entries := s.slowlog.entries
	if n >= 0 && int64(len(entries)) > n {
		entries = entries[:n]
	}
	c.W.Array(len(entries))
	for _, e := range entries {
		c.W.Array(6)
		c.W.Int(e.id)
		c.W.Int(e.at)
		c.W.Int(e.usec)
		c.W.StringArray(e.args)
		c.W.BulkString(e.addr)
		c.W.BulkString(e.name)
	}
}

func init() {
	engine.Register(&engine.Command{Name: "latency", Arity: -2, Group: "server", Since: "2.8.13",
		Summary: "A container for latency diagnostics commands", Run: containerHelp})
	sub := func(name string, arity int, run func(*engine.Ctx), summary string) {
		engine.RegisterSub("latency", &engine.Command{Name: name, Arity: arity,
			Flags: engine.FlagAdmin | engine.FlagNoScript | engine.FlagLoading | engine.FlagStale, Group: "server", Since: "2.8.13", Summary: summary, Run: run})
	}
	sub("latest", 2, latencyLatest, "Return the latest latency samples for all events.")
	sub("history", 3, latencyHistory, "Return timestamp-latency samples for the event.")
	sub("reset", -2, latencyReset, "Reset latency data for one or more events.")
	sub("doctor", 2, func(c *engine.Ctx) {
		c.W.Verbatim("txt", "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sleep a bit more.\n")
	}, "Return a human readable latency analysis report.")
	sub("graph", 3, latencyGraph, "Return a latency graph for the event.")
	sub("histogram", -2, latencyHistogram, "Return the cumulative distribution of latencies of a subset of commands or all.")
	sub("help", 2, func(c *engine.Ctx) {
		writeHelp(c, "LATENCY",
			"DOCTOR", "    Return a human readable latency analysis report.",
			"GRAPH <event>", "    Return an ASCII latency graph for the <event> class.",
			"HISTORY <event>", "    Return time-latency samples for the <event> class.",
			"LATEST", "    Return the latest latency samples for all events.",
			"RESET [<event> ...]", "    Reset latency data of one or more <event> classes.",
			"    (default: reset all data for all event classes)",
			"HISTOGRAM [COMMAND ...]", "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
			"    If no commands are specified then all histograms are replied.")
	}, "Show helpful text about the different subcommands")
}

func latencyLatest(c *engine.Ctx) {
	m := &c.Client.(*client).s.latency
	names := make([]string, 0, len(m.events))
	for n := range m.events {
		names = append(names, n)
	}
	c.W.Array(len(names))
	for _, n := range names {
		ev := m.events[n]
		last := ev.samples[len(ev.samples)-1]
		c.W.Array(4)
		c.W.BulkString(n)
		c.W.Int(last.at)
		c.W.Int(last.ms)
		c.W.Int(ev.max)
	}
}

func latencyHistory(c *engine.Ctx) {
	m := &c.Client.(*client).s.latency
	ev := m.events[c.Str(2)]
	if ev == nil {
		c.W.Array(0)
		return
	}
	c.W.Array(len(ev.samples))
	for _, s := range ev.samples {
		c.W.Array(2)
		c.W.Int(s.at)
		c.W.Int(s.ms)
	}
}

func latencyReset(c *engine.Ctx) {
	m := &c.Client.(*client).s.latency
	if len(c.Args) == 2 {
		n := len(m.events)
		m.events = nil
		c.W.Int(int64(n))
		return
	}
	n := 0
	for i := 2; i < len(c.Args); i++ {
		if _, ok := m.events[c.Str(i)]; ok {
			delete(m.events, c.Str(i))
			n++
		}
	}
	c.W.Int(int64(n))
}

func latencyGraph(c *engine.Ctx) {
	m := &c.Client.(*client).s.latency
	ev := m.events[c.Str(2)]
	if ev == nil {
		c.W.Error(fmt.Sprintf("ERR No samples available for event '%s'", c.Str(2)))
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s - high %d ms, low %d ms (all time high %d ms)\n", c.Str(2), ev.max, ev.samples[0].ms, ev.max)
	c.W.Verbatim("txt", b.String())
}
