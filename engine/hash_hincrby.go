package engine

import (
	"math"
	"strconv"
)

func init() {
	Register(&Command{Name: "hincrby", Arity: 4, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
		Summary: "Increment the integer value of a hash field by the given number", Run: hincrbyCommand})
}

func hincrbyCommand(c *Ctx) {
	incr, ok := c.Int(3)
	if !ok {
		return
	}
	key, field := c.Str(1), c.Str(2)
	h, created, ok := c.writeHash(key)
	if !ok {
		return
	}
	var cur int64
	if s, exists := h.Get(field); exists {
		if cur, ok = ParseInt([]byte(s)); !ok {
			c.W.Error(ErrHashNotInt)
			return
		}
	}
	if (incr < 0 && cur < 0 && incr < math.MinInt64-cur) || (incr > 0 && cur > 0 && incr > math.MaxInt64-cur) {
		c.W.Error(ErrOverflow)
		return
	}
	cur += incr
	h.SetField(c.Gen(), c.E.Config(), field, strconv.FormatInt(cur, 10))
	c.storeOrTouch(1, h, created)
	c.W.Int(cur)
	c.Notify(NotifyHash, "hincrby", key)
	c.Changed(1)
}
