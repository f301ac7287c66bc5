package server

import (
	"github.com/strata-db/strata/engine"
)

func init() {
	extraDebug["populate"] = debugPopulate
	extraDebug["digest"] = func(c *engine.Ctx) { c.W.Simple(c.E.Digest()) }
	extraDebug["digest-value"] = debugDigestValue
}

// debugPopulate is DEBUG POPULATE <count> [<prefix>] [<size>].
func debugPopulate(c *engine.Ctx) {
	if len(c.Args) < 3 || len(c.Args) > 5 {
		c.W.Error(engine.ErrSyntax)
		return
	}
	count, ok := c.Int(2)
	if !ok {
		return
	}
	if count < 0 {
		c.W.Error("ERR count must be a positive integer")
		return
	}
	prefix := "key"
	if len(c.Args) >= 4 {
		prefix = c.Key(3)
	}
	size := int64(0)
	if len(c.Args) == 5 {
		if size, ok = c.Int(4); !ok {
			return
		}
		if size < 0 {
			c.W.Error("ERR size must be a positive integer")
			return
		}
	}
	n := c.E.Populate(c.DB.ID(), int(count), prefix, int(size))
	c.Changed(0)
	_ = n
	c.NoPropagate()
	c.W.OK()
}

func debugDigestValue(c *engine.Ctx) {
	keys := make([]string, 0, len(c.Args)-2)
	for i := 2; i < len(c.Args); i++ {
		keys = append(keys, c.Key(i))
	}
	out := c.E.DigestValue(c.DB.ID(), keys...)
	c.W.Array(len(out))
	for _, d := range out {
		c.W.Simple(d)
	}
}
