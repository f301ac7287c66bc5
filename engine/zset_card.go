package engine

func init() {
	Register(&Command{Name: "zcard", Arity: 2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "1.2.0",
		Summary: "Get the number of members in a sorted set", Run: zcardCommand})
}

func zcardCommand(c *Ctx) {
	z, ok := readZSet(c, c.Str(1))
	switch {
	case !ok:
	case z == nil:
		c.W.Int(0)
	default:
		c.W.Int(int64(z.Len()))
	}
}
