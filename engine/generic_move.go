package engine

func init() {
	Register(&Command{Name: "move", Arity: 3, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "1.0.0",
		Summary: "Move a key to another database", Run: moveCommand})
}

// moveCommand moves a key with its expiry to another database, unless the
// key already exists there.
func moveCommand(c *Ctx) {
	dst, ok := c.dbIndex(2)
	if !ok {
		return
	}
	if dst == c.DB {
		c.W.Error(ErrSameObject)
		return
	}
	key := c.Str(1)
	v := c.DB.LookupWrite(key)
	if v == nil || dst.LookupWrite(key) != nil {
		c.W.Int(0)
		return
	}
	val := *v
	dst.Set(c.Key(1), val)
	c.DB.delete(key)
	c.Notify(NotifyGeneric, "move_from", key)
	c.E.notify(dst.id, NotifyGeneric, "move_to", key)
	c.Changed(1)
	c.W.Int(1)
}
