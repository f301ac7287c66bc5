package server

import "github.com/strata-db/strata/engine"

// EVAL and SCRIPT run Lua scripts (script_eval.go, package scripting).
// FUNCTION is not implemented yet: FLUSH, LIST and STATS answer as a
// server with no libraries does, because tooling (Redis's own test suite
// among them) calls them to reset a server; everything else says plainly
// that functions are missing.

const errNoScripting = "ERR functions (FUNCTION, FCALL) are not supported by this server yet"

func init() {
	engine.Register(
		&engine.Command{Name: "function", Arity: -2, Group: "scripting", Since: "7.0.0",
			Summary: "A container for function commands", Run: containerHelp},
		&engine.Command{Name: "script", Arity: -2, Group: "scripting", Since: "2.6.0",
			Summary: "A container for Lua scripts management commands", Run: containerHelp},
	)
	fn := func(name string, arity int, flags engine.Flag, run func(*engine.Ctx)) {
		engine.RegisterSub("function", &engine.Command{Name: name, Arity: arity, Flags: flags | engine.FlagNoScript,
			Group: "scripting", Since: "7.0.0", Run: run})
	}
	fn("flush", -2, engine.FlagWrite, functionFlush)
	fn("list", -2, 0, func(c *engine.Ctx) { c.W.Array(0) })
	fn("stats", 2, engine.FlagAllowBusy, functionStats)
	fn("dump", 2, 0, func(c *engine.Ctx) { c.W.Error(errNoScripting) })
	fn("restore", -3, engine.FlagWrite|engine.FlagDenyOOM, func(c *engine.Ctx) { c.W.Error(errNoScripting) })
	fn("load", -3, engine.FlagWrite|engine.FlagDenyOOM, func(c *engine.Ctx) { c.W.Error(errNoScripting) })
	fn("delete", 3, engine.FlagWrite, func(c *engine.Ctx) { c.W.Error("ERR Library not found") })
	fn("kill", 2, engine.FlagAllowBusy, func(c *engine.Ctx) { c.W.Error("NOTBUSY No scripts in execution right now.") })
	sc := func(name string, arity int, flags engine.Flag, run func(*engine.Ctx)) {
		engine.RegisterSub("script", &engine.Command{Name: name, Arity: arity, Flags: flags | engine.FlagNoScript,
			Group: "scripting", Since: "2.6.0", Run: run})
	}
	sc("flush", -2, engine.FlagMayReplicate, scriptFlush)
	sc("exists", -3, engine.FlagStale, scriptExists)
	sc("load", 3, engine.FlagStale|engine.FlagMayReplicate, scriptLoad)
	sc("kill", 2, engine.FlagAllowBusy, func(c *engine.Ctx) { c.W.Error(errNotBusy) })
	for _, name := range []string{"fcall", "fcall_ro"} {
		engine.Register(&engine.Command{Name: name, Arity: -3, Flags: engine.FlagNoScript | engine.FlagMovableKeys,
			Keys: evalKeys, Group: "scripting", Since: "7.0.0", Run: func(c *engine.Ctx) { c.W.Error(errNoScripting) }})
	}
	evalFlags := engine.FlagNoScript | engine.FlagSkipMonitor | engine.FlagStale | engine.FlagNoMandatoryKeys | engine.FlagMovableKeys
	for _, e := range []struct {
		name, since, summary string
		flags                engine.Flag
		run                  func(*engine.Ctx)
	}{
		{"eval", "2.6.0", "Execute a Lua script server side", engine.FlagMayReplicate, evalCommand},
		{"evalsha", "2.6.0", "Execute a Lua script server side", engine.FlagMayReplicate, evalSHACommand},
		{"eval_ro", "7.0.0", "Execute a read-only Lua script server side", engine.FlagReadOnly, evalROCommand},
		{"evalsha_ro", "7.0.0", "Execute a read-only Lua script server side", engine.FlagReadOnly, evalSHAROCommand},
	} {
		engine.Register(&engine.Command{Name: e.name, Arity: -3, Flags: evalFlags | e.flags, Keys: evalKeys,
			Group: "scripting", Since: e.since, Summary: e.summary, Run: e.run})
	}
}

func functionFlush(c *engine.Ctx) {
	if len(c.Args) == 3 && !c.Is(2, "ASYNC") && !c.Is(2, "SYNC") {
		c.W.Error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option")
		return
	}
	c.NoPropagate()
	c.W.OK()
}

func functionStats(c *engine.Ctx) {
	c.W.Map(2)
	c.W.BulkString("running_script")
	c.W.Null()
	c.W.BulkString("engines")
	c.W.Map(1)
	c.W.BulkString("LUA")
	c.W.Map(2)
	c.W.BulkString("libraries_count")
	c.W.Int(0)
	c.W.BulkString("functions_count")
	c.W.Int(0)
}
