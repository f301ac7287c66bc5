package engine

import "math/big"

func init() {
	Register(&Command{Name: "incrbyfloat", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "2.6.0",
		Summary: "Increment the float value of a key by the given amount", Run: incrbyfloatCommand})
}

// incrbyfloatCommand adds a float in long double precision (see
// longdouble.go), keeping the expiry. It is logged as SET key result
// KEEPTTL so that replay never depends on float rounding.
func incrbyfloatCommand(c *Ctx) {
	key := c.Str(1)
	s, exists, ok := c.stringForWrite(key)
	if !ok {
		return
	}
	old := new(big.Float)
	oldInf := false
	if exists {
		if old, oldInf, ok = parseLongDouble(s); !ok {
			c.W.Error(ErrNotFloat)
			return
		}
	}
	by, byInf, ok := parseLongDouble(c.Str(2))
	if !ok {
		c.W.Error(ErrNotFloat)
		return
	}
	if oldInf || byInf {
		// inf+x is infinite and inf-inf is NaN: both refused.
		c.W.Error(ErrIncrNaNInf)
		return
	}
	sum, ok := addLongDouble(old, by)
	if !ok {
		c.W.Error(ErrIncrNaNInf)
		return
	}
	res := formatLongDouble(sum)
	c.DB.SetKeepTTL(c.Key(1), StringValue(res))
	c.Notify(NotifyString, "incrbyfloat", key)
	c.Changed(1)
	c.W.BulkString(res)
	c.PropagateStrings("SET", c.Key(1), res, "KEEPTTL")
}
