package engine

func init() {
	Register(&Command{Name: "hsetnx", Arity: 4, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
		Summary: "Set the value of a hash field, only if the field does not exist", Run: hsetnxCommand})
}

func hsetnxCommand(c *Ctx) {
	key := c.Str(1)
	h, created, ok := c.writeHash(key)
	if !ok {
		return
	}
	if _, exists := h.Get(c.Str(2)); exists {
		c.W.Int(0)
		return
	}
	cfg := c.E.Config()
	h.tryConversion(c.Gen(), cfg, c.Args[2:4])
	h.SetField(c.Gen(), cfg, c.Str(2), c.Str(3))
	c.storeOrTouch(1, h, created)
	c.W.Int(1)
	c.Notify(NotifyHash, "hset", key)
	c.Changed(1)
}
