package engine

func init() {
	Register(&Command{Name: "srandmember", Arity: -2, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "set", Since: "1.0.0",
		Summary: "Get one or multiple random members from a set", Run: srandmemberCommand})
}

// srandmemberCommand is read-only, so its random picks need no logging.
func srandmemberCommand(c *Ctx) {
	switch {
	case len(c.Args) == 3:
		srandmemberCount(c)
		return
	case len(c.Args) > 3:
		c.W.Error(ErrSyntax)
		return
	}
	s, ok := c.readSet(c.Str(1))
	switch {
	case !ok:
	case s == nil:
		c.W.Null()
	default:
		c.W.BulkString(s.randomMember())
	}
}

// srandmemberCount serves a COUNT: negative counts may repeat members.
func srandmemberCount(c *Ctx) {
	l, ok := randomCount(c, 2)
	if !ok {
		return
	}
	s, ok := c.readSet(c.Str(1))
	if !ok {
		return
	}
	if s == nil || l == 0 {
		c.W.Array(0)
		return
	}
	count, repeat := int(l), l < 0
	if repeat {
		count = -count
	}
	n := count
	if !repeat {
		n = min(count, s.Len())
	}
	c.W.Array(n)
	drawRandom(s.Len(), count, repeat || count == 1, s.members, s.randomMember,
		func(m string) { c.W.BulkString(m) })
}
