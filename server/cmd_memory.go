package server

import (
	"runtime"
	"runtime/debug"

	"github.com/strata-db/strata/engine"
)

func init() {
	engine.Register(&engine.Command{Name: "memory", Arity: -2, Group: "server", Since: "4.0.0",
		Summary: "A container for memory diagnostics commands", Run: containerHelp})
	sub := func(name string, arity int, flags engine.Flag, run func(*engine.Ctx), summary string) {
		engine.RegisterSub("memory", &engine.Command{Name: name, Arity: arity, Flags: flags,
			Group: "server", Since: "4.0.0", Summary: summary, Run: run})
	}
	sub("usage", -3, engine.FlagReadOnly, memoryUsage, "Estimate the memory usage of a key")
	sub("stats", 2, 0, memoryStats, "Show memory usage details")
	sub("doctor", 2, 0, func(c *engine.Ctx) {
		c.W.Verbatim("txt", "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n")
	}, "Outputs memory problems report")
	sub("malloc-stats", 2, 0, func(c *engine.Ctx) { c.W.Verbatim("txt", "Stats not supported for the current allocator\n") }, "Show allocator internal stats")
	sub("purge", 2, 0, func(c *engine.Ctx) { debug.FreeOSMemory(); c.W.OK() }, "Ask the allocator to release memory")
	sub("help", 2, 0, func(c *engine.Ctx) {
		writeHelp(c, "MEMORY",
			"DOCTOR", "    Return memory problems reports.",
			"MALLOC-STATS", "    Return internal statistics report from the memory allocator.",
			"PURGE", "    Attempt to purge dirty pages for reclamation by the allocator.",
			"STATS", "    Return information about the memory usage of the server.",
			"USAGE <key> [SAMPLES <count>]", "    Return memory in bytes used by <key> and its value. Nested values are",
			"    sampled up to <count> times (default: 5, 0 means sample all).")
	}, "Show helpful text about the different subcommands")
	engine.Table("memory").Sub["usage"].FirstKey = 2
	engine.Table("memory").Sub["usage"].LastKey = 2
	engine.Table("memory").Sub["usage"].KeyStep = 1
}

func memoryUsage(c *engine.Ctx) {
	if len(c.Args) == 5 && c.Is(3, "SAMPLES") {
		if _, ok := c.Int(4); !ok {
			return
		}
	} else if len(c.Args) != 3 {
		c.W.Error(engine.ErrSyntax)
		return
	}
	v := c.DB.Lookup(c.Str(2))
	if v == nil {
		c.W.Null()
		return
	}
	c.W.Int(v.MemoryUsage(c.Str(2)))
}

func memoryStats(c *engine.Ctx) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s := c.Client.(*client).s
	keys := 0
	for i := 0; i < s.eng.NumDBs(); i++ {
		keys += s.eng.DB(i).Len()
	}
	c.W.Map(9)
	c.W.BulkString("peak.allocated")
	c.W.Int(int64(max(s.peakMemory, ms.HeapAlloc)))
	c.W.BulkString("total.allocated")
	c.W.Int(int64(ms.HeapAlloc))
	c.W.BulkString("startup.allocated")
	c.W.Int(0)
	c.W.BulkString("keys.count")
	c.W.Int(int64(keys))
	c.W.BulkString("keys.bytes-per-key")
	if keys > 0 {
		c.W.Int(int64(ms.HeapAlloc) / int64(keys))
	} else {
		c.W.Int(0)
	}
	c.W.BulkString("dataset.bytes")
	c.W.Int(int64(ms.HeapAlloc))
	c.W.BulkString("gc.cycles")
	c.W.Int(int64(ms.NumGC))
	c.W.BulkString("gc.pause.total.ns")
	c.W.Int(int64(ms.PauseTotalNs))
	c.W.BulkString("rss")
	c.W.Int(int64(rss()))
}
