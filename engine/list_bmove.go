package engine

func init() {
	Register(
		&Command{Name: "blmove", Arity: 6, Flags: FlagWrite | FlagDenyOOM | FlagBlocking,
			FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "list", Since: "6.2.0",
			Summary: "Pop an element from a list, push it to another list and return it; or block until one is available",
			Run:     blmoveCommand},
		&Command{Name: "brpoplpush", Arity: 4, Flags: FlagWrite | FlagDenyOOM | FlagBlocking,
			FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "list", Since: "2.2.0",
			Summary: "Pop an element from a list, push it to another list and return it; or block until one is available",
			Run:     brpoplpushCommand},
	)
}

func blmoveCommand(c *Ctx) {
	from, ok := parseListEnd(c, 3)
	if !ok {
		return
	}
	to, ok := parseListEnd(c, 4)
	if !ok {
		return
	}
	deadline, ok := c.Timeout(5)
	if !ok {
		return
	}
	if bmoveGeneric(c, from, to, deadline) {
		c.Propagate([]byte("LMOVE"), c.Args[1], c.Args[2], c.Args[3], c.Args[4])
	}
}

func brpoplpushCommand(c *Ctx) {
	deadline, ok := c.Timeout(3)
	if !ok {
		return
	}
	if bmoveGeneric(c, listTail, listHead, deadline) {
		c.PropagateStrings("RPOPLPUSH", c.Str(1), c.Str(2))
	}
}

// bmoveGeneric is LMOVE when the source has elements, and otherwise
// blocks on the source (or answers null inside MULTI). It reports whether
// an element moved.
func bmoveGeneric(c *Ctx, from, to listEnd, deadline int64) bool {
	v, ok := listValue(c, c.Str(1))
	if !ok {
		return false
	}
	if v == nil {
		blockOrTimeout(c, deadline, c.W.Null, 1, 2)
		return false
	}
	return lmoveGeneric(c, from, to)
}
