package engine

func init() {
	Register(
		&Command{Name: "lpush", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "1.0.0",
			Summary: "Prepend one or multiple elements to a list",
			Run:     func(c *Ctx) { pushCommand(c, listHead, false) }},
		&Command{Name: "rpush", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "1.0.0",
			Summary: "Append one or multiple elements to a list",
			Run:     func(c *Ctx) { pushCommand(c, listTail, false) }},
		&Command{Name: "lpushx", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "2.2.0",
			Summary: "Prepend an element to a list, only if the list exists",
			Run:     func(c *Ctx) { pushCommand(c, listHead, true) }},
		&Command{Name: "rpushx", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "2.2.0",
			Summary: "Append an element to a list, only if the list exists",
			Run:     func(c *Ctx) { pushCommand(c, listTail, true) }},
	)
}

// pushCommand is LPUSH, RPUSH, LPUSHX and RPUSHX; onlyExisting is the X.
func pushCommand(c *Ctx, end listEnd, onlyExisting bool) {
	key := c.Str(1)
	v, ok := listValue(c, key)
	if !ok {
		return
	}
	if v == nil && onlyExisting {
		c.W.Int(0)
		return
	}
	var l *List
	if v != nil {
		// NB: nothing was written since the lookup, so v is still the
		// stored value (pushTarget looks it up again for LMOVE, whose pop
		// may move it).
		l = ownListAt(c, key, v)
	} else {
		l = pushTarget(c, 1, nil)
	}
	for i := 2; i < len(c.Args); i++ {
		l.push(c.Gen(), end, c.Args[i])
	}
	c.Changed(len(c.Args) - 2)
	c.W.Int(int64(l.Len()))
	c.Notify(NotifyList, end.pushEvent(), key)
}

// pushTarget returns the owned list of the existing value v, or creates
// an empty list under key argument i and signals clients blocked on it.
// Elements pushed into a fresh list are visible to them when the command
// ends, as Redis serves blocked clients after the command.
func pushTarget(c *Ctx, i int, v *Value) *List {
	key := c.Str(i)
	if v != nil {
		return ownList(c, key)
	}
	l := &List{gen: c.Gen()}
	c.DB.Set(c.Key(i), ObjectValue(l))
	c.KeyReady(c.Str(i))
	return l
}
