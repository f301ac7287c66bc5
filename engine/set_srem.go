package engine

func init() {
	Register(&Command{Name: "srem", Arity: -3, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "set", Since: "1.0.0",
		Summary: "Remove one or more members from a set", Run: sremCommand})
}

func sremCommand(c *Ctx) {
	key := c.Str(1)
	s, ok := c.writeSet(key)
	if !ok {
		return
	}
	deleted, removed := 0, false
	for i := 2; s != nil && i < len(c.Args) && !removed; i++ {
		if s.RemoveMember(c.Gen(), c.Str(i)) {
			deleted++
			removed = c.deleteIfEmpty(key, s)
		}
	}
	if deleted > 0 {
		if !removed {
			c.DB.Touched(key)
		}
		c.Notify(NotifySet, "srem", key)
		if removed {
			c.Notify(NotifyGeneric, "del", key)
		}
		c.Changed(deleted)
	}
	c.W.Int(int64(deleted))
}
