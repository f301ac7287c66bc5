package engine

import "strconv"

func init() {
	Register(&Command{Name: "incrby", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Increment the integer value of a key by the given amount", Run: incrbyCommand})
}

func incrbyCommand(c *Ctx) {
	if n, ok := c.Int(2); ok {
		incrDecr(c, n)
	}
}

// incrDecr adds by to argument 1's integer (an absent key counts as 0),
// keeping the expiry, and replies with the result.
func incrDecr(c *Ctx, by int64) {
	key := c.Str(1)
	v := c.DB.LookupWrite(key)
	if v != nil && v.Obj() != nil {
		c.W.Error(ErrWrongType)
		return
	}
	var old int64
	if v != nil {
		var ok bool
		if old, ok = ParseInt([]byte(v.Str())); !ok {
			c.W.Error(ErrNotInt)
			return
		}
	}
	if (by < 0 && old < 0 && by < minInt64-old) || (by > 0 && old > 0 && by > maxInt64-old) {
		c.W.Error(ErrOverflow)
		return
	}
	n := old + by
	if v != nil {
		c.DB.OverwriteString(key, v, strconv.FormatInt(n, 10))
	} else {
		c.DB.Set(c.Key(1), StringValue(strconv.FormatInt(n, 10)))
	}
	c.Notify(NotifyString, "incrby", key)
	c.Changed(1)
	c.W.Int(n)
}

const (
	maxInt64 = 1<<63 - 1
	minInt64 = -1 << 63
)
