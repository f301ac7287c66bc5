package engine

func init() {
	Register(
		&Command{Name: "hlen", Arity: 2, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
			Summary: "Get the number of fields in a hash", Run: hlenCommand},
		&Command{Name: "hstrlen", Arity: 3, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "3.2.0",
			Summary: "Get the length of the value of a hash field", Run: hstrlenCommand},
		&Command{Name: "hexists", Arity: 3, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
			Summary: "Determine if a hash field exists", Run: hexistsCommand},
	)
}

func hlenCommand(c *Ctx) {
	h, ok := c.readHash(c.Str(1))
	switch {
	case !ok:
	case h == nil:
		c.W.Int(0)
	default:
		c.W.Int(int64(h.Len()))
	}
}

func hstrlenCommand(c *Ctx) {
	h, ok := c.readHash(c.Str(1))
	if !ok {
		return
	}
	n := 0
	if h != nil {
		v, _ := h.Get(c.Str(2))
		n = len(v)
	}
	c.W.Int(int64(n))
}

func hexistsCommand(c *Ctx) {
	h, ok := c.readHash(c.Str(1))
	if !ok {
		return
	}
	found := false
	if h != nil {
		_, found = h.Get(c.Str(2))
	}
	c.W.Int(b2i(found))
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
