package server

import (
	"github.com/strata-db/strata/engine"
)

// scriptLoad compiles and caches a script without running it.
func scriptLoad(c *engine.Ctx) {
	sc, errText := c.Client.(*client).s.scripts().Load(string(c.Args[2]))
	if errText != "" {
		c.W.Error(errText)
		return
	}
	c.W.BulkString(sc.SHA)
}

func scriptExists(c *engine.Ctx) {
	e := c.Client.(*client).s.scripts()
	c.W.Array(len(c.Args) - 2)
	for i := 2; i < len(c.Args); i++ {
		if e.Lookup(c.Str(i)) != nil {
			c.W.Int(1)
		} else {
			c.W.Int(0)
		}
	}
}

// scriptFlush empties the cache; ASYNC and SYNC do the same here (the old
// interpreter is left to the garbage collector either way).
func scriptFlush(c *engine.Ctx) {
	if len(c.Args) > 3 || len(c.Args) == 3 && !c.Is(2, "ASYNC") && !c.Is(2, "SYNC") {
		c.W.Error(errScriptFlushOption)
		return
	}
	c.Client.(*client).s.scripts().Flush()
	c.W.OK()
}
