package server

import "github.com/strata-db/strata/engine"

// EVAL, SCRIPT, FUNCTION and FCALL run Lua scripts (script_*.go, package
// scripting).

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
	fn("list", -2, 0, functionList)
	fn("stats", 2, engine.FlagAllowBusy, functionStats)
	fn("dump", 2, 0, functionDump)
	fn("restore", -3, engine.FlagWrite|engine.FlagDenyOOM, functionRestore)
	fn("load", -3, engine.FlagWrite|engine.FlagDenyOOM, functionLoad)
	fn("delete", 3, engine.FlagWrite, functionDelete)
	fn("kill", 2, engine.FlagAllowBusy, func(c *engine.Ctx) { c.W.Error(errNotBusy) })
	sc := func(name string, arity int, flags engine.Flag, run func(*engine.Ctx)) {
		engine.RegisterSub("script", &engine.Command{Name: name, Arity: arity, Flags: flags | engine.FlagNoScript,
			Group: "scripting", Since: "2.6.0", Run: run})
	}
	// NB: as in Redis 7.0, neither LOAD nor FLUSH may replicate (scripts
	// are logged by their effects), so CLIENT PAUSE WRITE lets them run.
	sc("flush", -2, 0, scriptFlush)
	sc("exists", -3, 0, scriptExists)
	sc("load", 3, engine.FlagStale, scriptLoad)
	sc("kill", 2, engine.FlagAllowBusy, func(c *engine.Ctx) { c.W.Error(errNotBusy) })
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
		{"fcall", "7.0.0", "Invoke a function", engine.FlagMayReplicate, fcallCommand},
		{"fcall_ro", "7.0.0", "Invoke a read-only function", engine.FlagReadOnly, fcallROCommand},
	} {
		engine.Register(&engine.Command{Name: e.name, Arity: -3, Flags: evalFlags | e.flags, Keys: evalKeys,
			Group: "scripting", Since: e.since, Summary: e.summary, Run: e.run})
	}
}
