package engine

func init() {
	Register(
		&Command{Name: "zrank", Arity: 3, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "2.0.0",
			Summary: "Determine the index of a member in a sorted set",
			Run:     func(c *Ctx) { zrankCommand(c, false) }},
		&Command{Name: "zrevrank", Arity: 3, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "2.0.0",
			Summary: "Determine the index of a member in a sorted set, with scores ordered from high to low",
			Run:     func(c *Ctx) { zrankCommand(c, true) }},
	)
}

func zrankCommand(c *Ctx, rev bool) {
	z, ok := readZSet(c, c.Str(1))
	if !ok {
		return
	}
	if z == nil {
		c.W.Null()
		return
	}
	r, in := z.Rank(c.Str(2))
	switch {
	case !in:
		c.W.Null()
	case rev:
		c.W.Int(int64(z.Len() - 1 - r))
	default:
		c.W.Int(int64(r))
	}
}
