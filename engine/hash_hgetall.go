package engine

func init() {
	Register(
		&Command{Name: "hgetall", Arity: 2, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
			Summary: "Get all the fields and values in a hash", Run: hgetallCommand},
		&Command{Name: "hkeys", Arity: 2, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
			Summary: "Get all the fields in a hash", Run: hkeysCommand},
		&Command{Name: "hvals", Arity: 2, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
			Summary: "Get all the values in a hash", Run: hvalsCommand},
	)
}

func hgetallCommand(c *Ctx) {
	h, ok := c.readHash(c.Str(1))
	if !ok {
		return
	}
	if h == nil {
		c.W.Map(0)
		return
	}
	c.W.Map(h.Len())
	h.Range(func(f, v string) bool {
		c.W.BulkString(f)
		c.W.BulkString(v)
		return true
	})
}

func hkeysCommand(c *Ctx) { hashListReply(c, true) }

func hvalsCommand(c *Ctx) { hashListReply(c, false) }

// hashListReply answers HKEYS (fields) or HVALS (values) as a flat array.
func hashListReply(c *Ctx, fields bool) {
	h, ok := c.readHash(c.Str(1))
	if !ok {
		return
	}
	if h == nil {
		c.W.Array(0)
		return
	}
	c.W.Array(h.Len())
	h.Range(func(f, v string) bool {
		if fields {
			c.W.BulkString(f)
		} else {
			c.W.BulkString(v)
		}
		return true
	})
}
