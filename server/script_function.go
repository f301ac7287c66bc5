package server

import (
	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/scripting"
)

// Function libraries live in memory only: FUNCTION LOAD/DELETE/FLUSH are
// not logged (see docs/scripting.md), so they are gone after a restart.

func functionLoad(c *engine.Ctx) {
	replace := false
	i := 2
	for ; i < len(c.Args)-1; i++ {
		if !c.Is(i, "REPLACE") {
			c.W.Error("ERR Unknown option given: " + c.Str(i))
			return
		}
		replace = true
	}
	if i >= len(c.Args) {
		c.W.Error("ERR Function code is missing")
		return
	}
	name, errText := c.Client.(*client).s.scripts().LoadLibrary(string(c.Args[i]), replace)
	if errText != "" {
		c.W.Error(errText)
		return
	}
	c.Changed(1) // logged as sent, as Redis propagates FUNCTION LOAD
	c.W.BulkString(name)
}

func functionDelete(c *engine.Ctx) {
	if !c.Client.(*client).s.scripts().DeleteLibrary(c.Str(2)) {
		c.W.Error("ERR Library not found")
		return
	}
	c.Changed(1)
	c.W.OK()
}

func functionFlush(c *engine.Ctx) {
	if len(c.Args) > 3 || len(c.Args) == 3 && !c.Is(2, "ASYNC") && !c.Is(2, "SYNC") {
		c.W.Error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option")
		return
	}
	c.Client.(*client).s.scripts().FlushLibraries()
	c.Changed(1)
	c.W.OK()
}

func functionStats(c *engine.Ctx) {
	e := c.Client.(*client).s.scripts()
	c.W.Map(2)
	c.W.BulkString("running_script")
	c.W.Null()
	c.W.BulkString("engines")
	c.W.Map(1)
	c.W.BulkString("LUA")
	c.W.Map(2)
	c.W.BulkString("libraries_count")
	c.W.Int(int64(len(e.Libraries())))
	c.W.BulkString("functions_count")
	c.W.Int(int64(e.FunctionCount()))
}

// functionList answers FUNCTION LIST [WITHCODE] [LIBRARYNAME pattern].
func functionList(c *engine.Ctx) {
	withCode, pattern, havePattern := false, "", false
	for i := 2; i < len(c.Args); i++ {
		switch {
		case !withCode && c.Is(i, "WITHCODE"):
			withCode = true
		case !havePattern && c.Is(i, "LIBRARYNAME"):
			if i >= len(c.Args)-1 {
				c.W.Error("ERR library name argument was not given")
				return
			}
			i++
			pattern, havePattern = c.Str(i), true
		default:
			c.W.Error("ERR Unknown argument " + c.Str(i))
			return
		}
	}
	var libs []*scripting.Library
	for _, l := range c.Client.(*client).s.scripts().Libraries() {
		if !havePattern || engine.GlobMatch(pattern, l.Name, false) {
			libs = append(libs, l)
		}
	}
	c.W.Array(len(libs))
	for _, l := range libs {
		writeLibrary(c, l, withCode)
	}
}

func writeLibrary(c *engine.Ctx, l *scripting.Library, withCode bool) {
	if withCode {
		c.W.Map(4)
	} else {
		c.W.Map(3)
	}
	c.W.BulkString("library_name")
	c.W.BulkString(l.Name)
	c.W.BulkString("engine")
	c.W.BulkString("LUA")
	c.W.BulkString("functions")
	funcs := l.SortedFuncs()
	c.W.Array(len(funcs))
	for _, f := range funcs {
		c.W.Map(3)
		c.W.BulkString("name")
		c.W.BulkString(f.Name)
		c.W.BulkString("description")
		if f.Desc != "" {
			c.W.BulkString(f.Desc)
		} else {
			c.W.Null()
		}
		c.W.BulkString("flags")
		names := f.Flags.Names()
		c.W.Set(len(names))
		for _, n := range names {
			c.W.Simple(n)
		}
	}
	if withCode {
		c.W.BulkString("library_code")
		c.W.BulkString(l.Code)
	}
}

func fcallCommand(c *engine.Ctx)   { runFunction(c, false) }
func fcallROCommand(c *engine.Ctx) { runFunction(c, true) }

// runFunction is FCALL/FCALL_RO: as EVAL, with the function's flags
// always in force (functions have no compatibility mode).
func runFunction(c *engine.Ctx, readOnly bool) {
	cl := c.Client.(*client)
	s := cl.s
	cl.s.feedMonitorsFrom(cl, cl.db, cl.addr, c.Args)
	f := s.scripts().Function(c.Str(1))
	if f == nil {
		c.W.Error("ERR Function not found")
		return
	}
	n, ok := engine.ParseInt(c.Args[2])
	switch {
	case !ok:
		c.W.Error("ERR Bad number of keys provided")
		return
	case n > int64(len(c.Args)-3):
		c.W.Error(errNumKeysTooMany)
		return
	case n < 0:
		c.W.Error(errNumKeysNegative)
		return
	}
	if msg := s.scriptPrecheck(f.Flags, readOnly); msg != "" {
		c.W.Error(msg)
		return
	}
	host := &scriptHost{s: s, cl: cl, readOnly: readOnly || f.Flags&scripting.FlagNoWrites != 0,
		allowOOM: f.Flags&(scripting.FlagAllowOOM|scripting.FlagNoWrites) != 0}
	runWrapped(c, cl, func() bool {
		return s.scripts().Call(f, c.Args[3:3+n], c.Args[3+n:], host, c.W)
	})
}
