package engine

func init() {
	Register(&Command{Name: "ttl", Arity: 2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "1.0.0",
		Summary: "Get the time to live for a key in seconds",
		Run:     func(c *Ctx) { ttlGeneric(c, false, false) }})
}

// ttlGeneric is TTL, PTTL, EXPIRETIME and PEXPIRETIME: -2 for an absent
// key, -1 for no expiry, else the remaining time (never below 0) or the
// absolute time, in ms or rounded to seconds.
func ttlGeneric(c *Ctx, ms, absolute bool) {
	v := c.lookupNoTouch(c.Str(1))
	switch {
	case v == nil:
		c.W.Int(-2)
	case v.exp == 0:
		c.W.Int(-1)
	default:
		t := v.exp
		if !absolute {
			t -= c.Now()
		}
		t = max(t, 0)
		if !ms {
			t = (t + 500) / 1000
		}
		c.W.Int(t)
	}
}
