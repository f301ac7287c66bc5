package engine

func init() {
	Register(&Command{Name: "hdel", Arity: -3, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
		Summary: "Delete one or more hash fields", Run: hdelCommand})
}

func hdelCommand(c *Ctx) {
	key := c.Str(1)
	if !c.DB.Exists(key) {
		c.W.Int(0)
		return
	}
	h, _, ok := c.writeHash(key)
	if !ok {
		return
	}
	deleted, removed := 0, false
	for i := 2; i < len(c.Args) && !removed; i++ {
		if h.DeleteField(c.Gen(), c.Str(i)) {
			deleted++
			removed = c.deleteIfEmpty(key, h)
		}
	}
	if deleted > 0 {
		if !removed {
			c.DB.Touched(key)
		}
		c.Notify(NotifyHash, "hdel", key)
		if removed {
			c.Notify(NotifyGeneric, "del", key)
		}
		c.Changed(deleted)
	}
	c.W.Int(int64(deleted))
}
