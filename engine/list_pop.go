package engine

func init() {
	Register(
		&Command{Name: "lpop", Arity: -2, Flags: FlagWrite | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "1.0.0",
			Summary: "Remove and get the first elements in a list",
			Run:     func(c *Ctx) { popCommand(c, listHead) }},
		&Command{Name: "rpop", Arity: -2, Flags: FlagWrite | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "1.0.0",
			Summary: "Remove and get the last elements in a list",
			Run:     func(c *Ctx) { popCommand(c, listTail) }},
	)
}

// popCommand is LPOP and RPOP, with the optional COUNT of Redis 6.2.
func popCommand(c *Ctx, end listEnd) {
	if len(c.Args) > 3 {
		c.W.Error(ErrWrongArgs(c.Cmd.Name))
		return
	}
	hasCount := len(c.Args) == 3
	count := int64(0)
	if hasCount {
		n, ok := ParseInt(c.Args[2])
		if !ok || n < 0 {
			c.W.Error(ErrPositive)
			return
		}
		count = n
	}
	key := c.Str(1)
	v, ok := listValue(c, key)
	switch {
	case !ok:
	case v == nil && hasCount:
		c.W.NullArray()
	case v == nil:
		c.W.Null()
	case hasCount && count == 0:
		c.W.Array(0)
	case !hasCount:
		l := ownList(c, key)
		c.W.Bulk(l.pop(c.Gen(), end))
		listPopped(c, key, l, end, 1)
	default:
		l := ownList(c, key)
		n := int(min(count, int64(l.Len())))
		popRangeReply(c, l, end, n)
		listPopped(c, key, l, end, n)
	}
}

// popRangeReply replies with n elements taken from end e (in pop order)
// and removes them.
func popRangeReply(c *Ctx, l *List, e listEnd, n int) {
	if e == listHead {
		listRangeReply(c, l, 0, n-1, false)
		l.l.Delete(c.Gen(), 0, n)
		return
	}
	listRangeReply(c, l, l.Len()-n, l.Len()-1, true)
	l.l.Delete(c.Gen(), l.Len()-n, n)
}

// listPopped does the bookkeeping after n elements left end e of key:
// event, deletion of an emptied list, dirty count.
func listPopped(c *Ctx, key string, l *List, e listEnd, n int) {
	c.Notify(NotifyList, e.popEvent(), key)
	listEmptied(c, key, l)
	c.Changed(n)
}
