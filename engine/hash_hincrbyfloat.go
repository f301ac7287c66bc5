package engine

import "github.com/strata-db/strata/internal/longdouble"

func init() {
	Register(&Command{Name: "hincrbyfloat", Arity: 4, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.6.0",
		Summary: "Increment the float value of a hash field by the given amount", Run: hincrbyfloatCommand})
}

// hincrbyfloatCommand adds in long double precision, as Redis does, so the
// stored text matches redis-server's; it logs the result as HSET so replay
// never depends on float arithmetic (DESIGN invariant 3).
func hincrbyfloatCommand(c *Ctx) {
	incr, ok := longdouble.Parse(c.Str(3))
	if !ok {
		c.W.Error(ErrNotFloat)
		return
	}
	if incr.IsInf() {
		c.W.Error(ErrNaNOrInfinity)
		return
	}
	key, field := c.Str(1), c.Str(2)
	h, created, ok := c.writeHash(key)
	if !ok {
		return
	}
	cur := longdouble.FromInt64(0)
	if s, exists := h.Get(field); exists {
		if cur, ok = longdouble.Parse(s); !ok {
			c.W.Error(ErrHashNotFloat)
			return
		}
	}
	sum := longdouble.Add(cur, incr)
	if sum.IsInf() {
		c.W.Error(ErrIncrNaNInf)
		return
	}
	text := sum.Human()
	h.SetField(c.Gen(), c.E.Config(), field, text)
	c.storeOrTouch(1, h, created)
	c.W.BulkString(text)
	c.Notify(NotifyHash, "hincrbyfloat", key)
	c.Changed(1)
	c.Propagate([]byte("HSET"), c.Args[1], c.Args[2], []byte(text))
}
