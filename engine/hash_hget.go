package engine

func init() {
	Register(
		&Command{Name: "hget", Arity: 3, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
			Summary: "Get the value of a hash field", Run: hgetCommand},
		&Command{Name: "hmget", Arity: -3, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
			Summary: "Get the values of all the given hash fields", Run: hmgetCommand},
	)
}

func hgetCommand(c *Ctx) {
	h, ok := c.readHash(c.Str(1))
	if !ok {
		return
	}
	replyField(c, h, c.Str(2))
}

// hmgetCommand answers a null per field; a missing key is an empty hash.
func hmgetCommand(c *Ctx) {
	h, ok := c.readHash(c.Str(1))
	if !ok {
		return
	}
	c.W.Array(len(c.Args) - 2)
	for i := 2; i < len(c.Args); i++ {
		replyField(c, h, c.Str(i))
	}
}

func replyField(c *Ctx, h *Hash, field string) {
	if h == nil {
		c.W.Null()
		return
	}
	if v, ok := h.Get(field); ok {
		c.W.BulkString(v)
		return
	}
	c.W.Null()
}
