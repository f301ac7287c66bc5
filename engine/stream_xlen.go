package engine

func init() {
	Register(&Command{Name: "xlen", Arity: 2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "5.0.0",
		Summary: "Return the number of entries in a stream",
		Run:     xlenCommand})
}

func xlenCommand(c *Ctx) {
	s, ok := streamValue(c, c.Str(1))
	if !ok {
		return
	}
	if s == nil {
		c.W.Int(0)
		return
	}
	c.W.Int(int64(s.Len()))
}
