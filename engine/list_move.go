package engine

func init() {
	Register(
		&Command{Name: "lmove", Arity: 5, Flags: FlagWrite | FlagDenyOOM,
			FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "list", Since: "6.2.0",
			Summary: "Pop an element from a list, push it to another list and return it",
			Run:     lmoveCommand},
		&Command{Name: "rpoplpush", Arity: 3, Flags: FlagWrite | FlagDenyOOM,
			FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "list", Since: "1.2.0",
			Summary: "Remove the last element in a list, prepend it to another list and return it",
			Run:     func(c *Ctx) { lmoveGeneric(c, listTail, listHead) }},
	)
}

func lmoveCommand(c *Ctx) {
	from, ok := parseListEnd(c, 3)
	if !ok {
		return
	}
	to, ok := parseListEnd(c, 4)
	if !ok {
		return
	}
	lmoveGeneric(c, from, to)
}

// lmoveGeneric moves one element from end `from` of the source (argument
// 1) to end `to` of the destination (argument 2) and replies with it. It
// reports whether an element moved.
func lmoveGeneric(c *Ctx, from, to listEnd) bool {
	src, dst := c.Str(1), c.Str(2)
	sv, ok := listValue(c, src)
	if !ok {
		return false
	}
	if sv == nil {
		c.W.Null()
		return false
	}
	dv, ok := listValue(c, dst)
	if !ok {
		return false
	}
	// Pop before touching the destination: when src == dst, or when the
	// destination is created, the source Value pointer may not survive.
	sl := ownList(c, src)
	elem := sl.pop(c.Gen(), from)
	dl := pushTarget(c, 2, dv)
	dl.push(c.Gen(), to, elem)
	c.Notify(NotifyList, to.pushEvent(), dst)
	c.W.Bulk(elem)
	c.Notify(NotifyList, from.popEvent(), src)
	listEmptied(c, src, sl)
	c.Changed(1)
	return true
}
