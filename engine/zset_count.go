package engine

func init() {
	Register(
		&Command{Name: "zcount", Arity: 4, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "2.0.0",
			Summary: "Count the members in a sorted set with scores within the given values", Run: zcountCommand},
		&Command{Name: "zlexcount", Arity: 4, Flags: FlagReadOnly | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "2.8.9",
			Summary: "Count the number of members in a sorted set between a given lexicographical range", Run: zlexcountCommand},
	)
}

func zcountCommand(c *Ctx) {
	min, ok1 := parseScoreBound(c.Args[2])
	max, ok2 := parseScoreBound(c.Args[3])
	if !ok1 || !ok2 {
		c.W.Error(ErrZMinMaxFloat)
		return
	}
	z, ok := readZSet(c, c.Str(1))
	if !ok {
		return
	}
	if z == nil {
		c.W.Int(0)
		return
	}
	lo, hi := scoreRange(z, min, max)
	c.W.Int(int64(hi - lo))
}

func zlexcountCommand(c *Ctx) {
	min, ok1 := parseLexBound(c.Args[2])
	max, ok2 := parseLexBound(c.Args[3])
	if !ok1 || !ok2 {
		c.W.Error(ErrZMinMaxLex)
		return
	}
	z, ok := readZSet(c, c.Str(1))
	if !ok {
		return
	}
	if z == nil {
		c.W.Int(0)
		return
	}
	lo, hi := lexRange(z, min, max)
	c.W.Int(int64(hi - lo))
}
