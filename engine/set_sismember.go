package engine

func init() {
	Register(
		&Command{Name: "sismember", Arity: 3, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "set", Since: "1.0.0",
			Summary: "Determine if a given value is a member of a set", Run: sismemberCommand},
		&Command{Name: "smismember", Arity: -3, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "set", Since: "6.2.0",
			Summary: "Returns the membership associated with the given elements for a set", Run: smismemberCommand},
		&Command{Name: "scard", Arity: 2, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "set", Since: "1.0.0",
			Summary: "Get the number of members in a set", Run: scardCommand},
	)
}

func sismemberCommand(c *Ctx) {
	s, ok := c.readSet(c.Str(1))
	if ok {
		c.W.Int(b2i(s != nil && s.Contains(c.Str(2))))
	}
}

// smismemberCommand treats a missing key as an empty set.
func smismemberCommand(c *Ctx) {
	s, ok := c.readSet(c.Str(1))
	if !ok {
		return
	}
	c.W.Array(len(c.Args) - 2)
	for i := 2; i < len(c.Args); i++ {
		c.W.Int(b2i(s != nil && s.Contains(c.Str(i))))
	}
}

func scardCommand(c *Ctx) {
	s, ok := c.readSet(c.Str(1))
	switch {
	case !ok:
	case s == nil:
		c.W.Int(0)
	default:
		c.W.Int(int64(s.Len()))
	}
}
