package engine

func init() {
	Register(&Command{Name: "smove", Arity: 4, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "set", Since: "1.0.0",
		Summary: "Move a member from one set to another", Run: smoveCommand})
}

func smoveCommand(c *Ctx) {
	srcKey, dstKey, member := c.Str(1), c.Str(2), c.Str(3)
	src, ok := c.writeSet(srcKey)
	if !ok {
		return
	}
	if src == nil {
		c.W.Int(0)
		return
	}
	dst, ok := c.writeSet(dstKey)
	if !ok {
		return
	}
	if srcKey == dstKey {
		c.W.Int(b2i(src.Contains(member)))
		return
	}
	if !src.RemoveMember(c.Gen(), member) {
		c.W.Int(0)
		return
	}
	c.Notify(NotifySet, "srem", srcKey)
	if c.deleteIfEmpty(srcKey, src) {
		c.Notify(NotifyGeneric, "del", srcKey)
	} else {
		c.DB.Touched(srcKey)
	}
	c.Changed(1)
	created := dst == nil
	if created {
		dst = NewSet(c.Gen(), member)
	}
	if dst.AddMember(c.Gen(), c.E.Config(), member) {
		c.storeOrTouch(2, dst, created)
		c.Notify(NotifySet, "sadd", dstKey)
		c.Changed(1)
	}
	c.W.Int(1)
}
