package engine

func init() {
	Register(&Command{Name: "lrange", Arity: 4, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "1.0.0",
		Summary: "Get a range of elements from a list", Run: lrangeCommand})
}

func lrangeCommand(c *Ctx) {
	start, ok := c.Int(2)
	if !ok {
		return
	}
	end, ok := c.Int(3)
	if !ok {
		return
	}
	l, ok := readList(c, c.Str(1))
	if !ok {
		return
	}
	if l == nil {
		c.W.Array(0)
		return
	}
	s, e, ok := clampRange(start, end, l.Len())
	if !ok {
		c.W.Array(0)
		return
	}
	listRangeReply(c, l, s, e, false)
}
