package engine

func init() {
	Register(&Command{Name: "llen", Arity: 2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "1.0.0",
		Summary: "Get the length of a list", Run: llenCommand})
}

func llenCommand(c *Ctx) {
	l, ok := readList(c, c.Str(1))
	switch {
	case !ok:
	case l == nil:
		c.W.Int(0)
	default:
		c.W.Int(int64(l.Len()))
	}
}
