package server

import "github.com/strata-db/strata/engine"

// Scripting (EVAL, FUNCTION) is not implemented yet. FUNCTION FLUSH,
// LIST, STATS and SCRIPT FLUSH/EXISTS answer as a server with no scripts
// does, because tooling (Redis's own test suite among them) calls them to
// reset a server; everything else says plainly that scripting is missing.

const errNoScripting = "ERR scripting (EVAL, FUNCTION) is not supported by this server yet"

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
	sc := func(name string, arity int, run func(*engine.Ctx)) {
		engine.RegisterSub("script", &engine.Command{Name: name, Arity: arity, Flags: engine.FlagNoScript,
			Group: "scripting", Since: "2.6.0", Run: run})
	}
	sc("flush", -2, func(c *engine.Ctx) { c.W.OK() })
	sc("exists", -3, func(c *engine.Ctx) {
		c.W.Array(len(c.Args) - 2)
		for i := 2; i < len(c.Args); i++ {
			c.W.Int(0)
		}
	})
	sc("load", 3, func(c *engine.Ctx) { c.W.Error(errNoScripting) })
	sc("kill", 2, func(c *engine.Ctx) { c.W.Error("NOTBUSY No scripts in execution right now.") })
	for _, name := range []string{"eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro"} {
		engine.Register(&engine.Command{Name: name, Arity: -3, Flags: engine.FlagNoScript | engine.FlagMovableKeys,
			Group: "scripting", Since: "2.6.0", Run: func(c *engine.Ctx) { c.W.Error(errNoScripting) }})
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
