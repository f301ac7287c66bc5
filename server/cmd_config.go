package server

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/strata-db/strata/engine"
)

func init() {
	engine.Register(&engine.Command{Name: "config", Arity: -2, Group: "server", Since: "2.0.0",
		Summary: "A container for server configuration commands", Run: containerHelp})
	sub := func(name string, arity int, run func(*engine.Ctx), summary string) {
		engine.RegisterSub("config", &engine.Command{Name: name, Arity: arity,
			Flags: engine.FlagAdmin | engine.FlagNoScript | engine.FlagLoading | engine.FlagStale, Group: "server", Since: "2.0.0", Summary: summary, Run: run})
	}
	sub("get", -3, configGet, "Get the values of configuration parameters")
	sub("set", -4, configSet, "Set configuration parameters to the given values")
	sub("resetstat", 2, configResetstat, "Reset the stats returned by INFO")
	sub("rewrite", 2, configRewrite, "Rewrite the configuration file with the in memory configuration")
	sub("help", 2, func(c *engine.Ctx) {
		writeHelp(c, "CONFIG",
			"GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
			"SET <directive> <value>", "    Set the configuration <directive> to <value>.",
			"RESETSTAT", "    Reset statistics reported by the INFO command.",
			"REWRITE", "    Rewrite the configuration file.")
	}, "Show helpful text about the different subcommands")
}

func configGet(c *engine.Ctx) {
	s := c.Client.(*client).s
	seen := map[string]bool{}
	var names []string
	for i := 2; i < len(c.Args); i++ {
		pat := strings.ToLower(c.Key(i))
		if d := lookupDirective(pat); d != nil && !strings.ContainsAny(pat, "*?[") {
			if !seen[d.name] {
				seen[d.name] = true
				names = append(names, pat)
			}
			continue
		}
		for _, n := range s.cfg.Names() {
			if directives[n].hidden {
				continue
			}
			if !seen[n] && engine.GlobMatch(pat, n, true) {
				seen[n] = true
				names = append(names, n)
			}
			for _, a := range directives[n].aliases {
				if !seen[a] && engine.GlobMatch(pat, a, true) {
					seen[a] = true
					names = append(names, a)
				}
			}
		}
	}
	c.W.Map(len(names))
	for _, n := range names {
		c.W.BulkString(n)
		c.W.BulkString(s.cfg.Get(n))
	}
}

func configSet(c *engine.Ctx) {
	s := c.Client.(*client).s
	if (len(c.Args)-2)%2 != 0 {
		c.W.Error("ERR wrong number of arguments for 'config|set' command")
		return
	}
	type change struct{ name, value string }
	var changes []change
	seen := map[string]bool{}
	for i := 2; i < len(c.Args); i += 2 {
		raw := c.Key(i)
		d := lookupDirective(raw)
		if d == nil {
			c.W.Error(fmt.Sprintf("ERR Unknown option or number of arguments for CONFIG SET - '%s'", raw))
			return
		}
		fail := func(msg string) {
			c.W.Error(fmt.Sprintf("ERR CONFIG SET failed (possibly related to argument '%s') - %s", raw, msg))
		}
		if seen[d.name] {
			fail("duplicate parameter")
			return
		}
		seen[d.name] = true
		if d.immutable {
			fail("can't set immutable config")
			return
		}
		if d.protected && !s.protectedConfigAllowed(c.Client.(*client)) {
			fail("can't set protected config")
			return
		}
		changes = append(changes, change{d.name, c.Key(i + 1)})
	}
	// Validate everything before changing anything: CONFIG SET of several
	// parameters is all or nothing, as in Redis 7.
	old := map[string]string{}
	for _, ch := range changes {
		old[ch.name] = s.cfg.Get(ch.name)
		if _, err := s.setConfigValue(ch.name, ch.value); err != nil {
			s.cfg.restore(old)
			c.W.Error(fmt.Sprintf("ERR CONFIG SET failed (possibly related to argument '%s') - %s", ch.name, err))
			return
		}
	}
	for i, ch := range changes {
		if err := s.configChanged(ch.name, old[ch.name]); err != nil {
			// Undo every change, and the effects of those applied.
			s.cfg.restore(old)
			for _, u := range changes[:i] {
				_ = s.configChanged(u.name, "")
			}
			c.W.Error(fmt.Sprintf("ERR CONFIG SET failed (possibly related to argument '%s') - %s", ch.name, err))
			return
		}
	}
	c.W.OK()
}

// setConfigValue parses a CONFIG SET value; multi-word directives take it
// split on spaces, and client-output-buffer-limit merges with the classes
// it does not name.
func (s *Server) setConfigValue(name, value string) (string, error) {
	d := directives[name]
	args := []string{value}
	if d.multiArg {
		args = strings.Fields(value)
		if len(args) == 0 {
			args = []string{""}
		}
	}
	return s.cfg.set(name, args)
}

// configChanged applies a changed directive; some changes need work (port,
// appendonly, maxmemory).
func (s *Server) configChanged(name, old string) error {
	if (name == "port" || name == "bind") && s.cfg.Get(name) != old && s.started.Load() {
		if err := s.rebind(name); err != nil {
			return err
		}
	}
	if name == "metrics-addr" && s.cfg.Get(name) != old {
		if err := s.startMetrics(); err != nil {
			s.cfg.restore(map[string]string{name: old})
			_ = s.startMetrics()
			return err
		}
	}
	s.applyConfig(name)
	return s.configChangedPersistence(name, old)
}

func (s *Server) protectedConfigAllowed(cl *client) bool {
	switch s.cfg.Get("enable-protected-configs") {
	case "yes":
		return true
	case "local":
		return isLocal(cl)
	}
	return false
}

func isLocal(cl *client) bool {
	return strings.HasPrefix(cl.addr, "127.") || strings.HasPrefix(cl.addr, "[::1]")
}

func configResetstat(c *engine.Ctx) {
	s := c.Client.(*client).s
	s.resetStats()
	c.W.OK()
}

// resetStats implements CONFIG RESETSTAT. REQUIRES: the engine lock.
func (s *Server) resetStats() {
	s.cmdStats = map[string]*commandStats{}
	s.lastCmdStat.cmd, s.lastCmdStat.st = nil, nil
	s.errStats = map[string]int64{}
	s.eng.ResetStats()
	s.stats.connectionsReceived.Store(0)
	s.stats.rejectedConns.Store(0)
	s.stats.commandsProcessed.Store(0)
	s.stats.netInput.Store(0)
	s.stats.netOutput.Store(0)
	s.stats.totalErrors.Store(0)
	s.latency = latencyMonitor{}
}

func configRewrite(c *engine.Ctx) {
	s := c.Client.(*client).s
	if s.cfg.File == "" {
		c.W.Error("ERR The server is running without a config file")
		return
	}
	if err := s.cfg.Rewrite(); err != nil {
		c.W.Error("ERR Rewriting config file: " + err.Error())
		return
	}
	c.W.OK()
}

// Rewrite writes the configuration file back: lines of directives that
// differ from their defaults are replaced or appended; comments stay.
func (c *Config) Rewrite() error {
	data, err := os.ReadFile(c.File)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	done := map[string]bool{}
	var out []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		words, ok := splitConfigLine(t)
		if t == "" || t[0] == '#' || !ok || len(words) == 0 {
			out = append(out, l)
			continue
		}
		d := lookupDirective(words[0])
		if d == nil {
			out = append(out, l)
			continue
		}
		if done[d.name] {
			continue
		}
		done[d.name] = true
		out = append(out, c.rewriteLine(d))
	}
	names := make([]string, 0)
	for n, d := range directives {
		if !done[n] && c.Get(n) != d.def {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) > 0 {
		out = append(out, "# Generated by CONFIG REWRITE")
		for _, n := range names {
			out = append(out, c.rewriteLine(directives[n]))
		}
	}
	tmp := c.File + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, c.File)
}

func (c *Config) rewriteLine(d *directive) string {
	v := c.Get(d.name)
	if d.multiArg {
		if v == "" {
			return d.name + ` ""`
		}
		return d.name + " " + v
	}
	return d.name + " " + quoteConfigWord(v)
}
