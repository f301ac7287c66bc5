package engine

func init() {
	Register(&Command{Name: "ltrim", Arity: 4, Flags: FlagWrite,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "1.0.0",
		Summary: "Trim a list to the specified range", Run: ltrimCommand})
}

func ltrimCommand(c *Ctx) {
	start, ok := c.Int(2)
	if !ok {
		return
	}
	end, ok := c.Int(3)
	if !ok {
		return
	}
	key := c.Str(1)
	v, ok := listValue(c, key)
	if !ok {
		return
	}
	if v == nil {
		c.W.OK()
		return
	}
	n := v.Obj().Len()
	left, right := n, 0
	if s, e, in := clampRange(start, end, n); in {
		left, right = s, n-e-1
	}
	l := ownList(c, key) // Redis signals the key modified even for no cut
	l.l.Delete(c.Gen(), n-right, right)
	l.l.Delete(c.Gen(), 0, left)
	// NB: Redis raises "ltrim" even when nothing was cut, but counts (and
	// so logs) only removed elements.
	c.Notify(NotifyList, "ltrim", key)
	listEmptied(c, key, l)
	c.Changed(left + right)
	c.W.OK()
}
