package engine

func init() {
	Register(&Command{Name: "lset", Arity: 4, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "1.0.0",
		Summary: "Set the value of an element in a list by its index", Run: lsetCommand})
}

func lsetCommand(c *Ctx) {
	key := c.Str(1)
	v, ok := listValue(c, key)
	if !ok {
		return
	}
	if v == nil {
		c.W.Error(ErrNoSuchKey)
		return
	}
	idx, ok := c.Int(2)
	if !ok {
		return
	}
	i, in := listIndex(idx, v.Obj().Len())
	if !in {
		c.W.Error(ErrOutOfRange)
		return
	}
	l := ownList(c, key)
	l.l.Set(c.Gen(), i, c.Args[3])
	c.W.OK()
	c.Notify(NotifyList, "lset", key)
	c.Changed(1)
}
