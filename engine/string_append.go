package engine

func init() {
	Register(&Command{Name: "append", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "2.0.0",
		Summary: "Append a value to a key", Run: appendCommand})
}

func appendCommand(c *Ctx) {
	key := c.Str(1)
	s, exists, ok := c.stringForWrite(key)
	if !ok {
		return
	}
	if !exists {
		// A new key takes the argument as SET would: not "raw" yet.
		c.DB.Set(c.Key(1), StringValue(c.Key(2)))
		s = c.Str(2)
	} else {
		if !c.checkStringLength(int64(len(s)), int64(len(c.Args[2]))) {
			return
		}
		// NB: "" + x is x itself in Go, which here would alias the request
		// buffer: only a concatenation of two non-empty strings copies.
		if s == "" {
			s = c.Key(2)
		} else {
			s += c.Str(2)
		}
		c.storeModified(s)
	}
	c.Notify(NotifyString, "append", key)
	c.Changed(1)
	c.W.Int(int64(len(s)))
}
