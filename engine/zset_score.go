package engine

func init() {
	Register(
		&Command{Name: "zscore", Arity: 3, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "1.2.0",
			Summary: "Get the score associated with the given member in a sorted set", Run: zscoreCommand},
		&Command{Name: "zmscore", Arity: -3, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "6.2.0",
			Summary: "Get the score associated with the given members in a sorted set", Run: zmscoreCommand},
	)
}

func zscoreCommand(c *Ctx) {
	z, ok := readZSet(c, c.Str(1))
	if !ok {
		return
	}
	if z == nil {
		c.W.Null()
		return
	}
	if s, in := z.Score(c.Str(2)); in {
		c.W.Double(s)
	} else {
		c.W.Null()
	}
}

func zmscoreCommand(c *Ctx) {
	z, ok := readZSet(c, c.Str(1))
	if !ok {
		return
	}
	c.W.Array(len(c.Args) - 2)
	for i := 2; i < len(c.Args); i++ {
		if z == nil {
			c.W.Null()
			continue
		}
		if s, in := z.Score(c.Str(i)); in {
			c.W.Double(s)
		} else {
			c.W.Null()
		}
	}
}
