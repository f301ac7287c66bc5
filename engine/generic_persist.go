package engine

func init() {
	Register(&Command{Name: "persist", Arity: 2, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "2.2.0",
		Summary: "Remove the expiration from a key", Run: persistCommand})
}

func persistCommand(c *Ctx) {
	key := c.Str(1)
	v := c.DB.LookupWrite(key)
	if v == nil || v.exp == 0 {
		c.W.Int(0)
		return
	}
	c.DB.SetExpire(key, 0)
	c.Notify(NotifyGeneric, "persist", key)
	c.Changed(1)
	c.W.Int(1)
}
