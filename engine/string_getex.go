package engine

import "strconv"

func init() {
	Register(&Command{Name: "getex", Arity: -2, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "6.2.0",
		Summary: "Get the value of a key and optionally set its expiration", Run: getexCommand})
}

// getexCommand is GET that may also change the expiry. It is never logged
// as itself: a new expiry is logged as PEXPIREAT, a time already past as
// DEL, PERSIST as PERSIST.
func getexCommand(c *Ctx) {
	o, ok := parseSetOptions(c, 2, true)
	if !ok {
		return
	}
	key := c.Str(1)
	s, exists, ok := c.String(key)
	if !ok {
		return
	}
	if !exists {
		c.W.Null()
		return
	}
	var when int64
	if o.hasExpire() {
		if when, ok = o.expireAt(c); !ok {
			return
		}
	}
	c.W.BulkString(s)
	switch {
	case (o.unit == "EXAT" || o.unit == "PXAT") && alreadyExpired(c, when):
		c.DB.Delete(key)
		c.Propagate([]byte("DEL"), c.Args[1])
		c.Notify(NotifyGeneric, "del", key)
		c.Changed(1)
	case o.hasExpire():
		c.DB.SetExpire(key, when)
		c.Propagate([]byte("PEXPIREAT"), c.Args[1], strconv.AppendInt(nil, when, 10))
		c.Notify(NotifyGeneric, "expire", key)
		c.Changed(1)
	case o.persist:
		if c.DB.Peek(key).exp != 0 {
			c.DB.SetExpire(key, 0)
			c.Propagate([]byte("PERSIST"), c.Args[1])
			c.Notify(NotifyGeneric, "persist", key)
			c.Changed(1)
		}
	}
}

// alreadyExpired reports whether an absolute expiry is already past, so
// the key is deleted at once. While a log is replayed the expiry is kept
// instead: the log carries the DEL that follows, as in Redis.
func alreadyExpired(c *Ctx, when int64) bool {
	return when <= c.Now() && !c.E.loading
}
