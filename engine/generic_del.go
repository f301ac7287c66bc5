package engine

func init() {
	Register(
		&Command{Name: "del", Arity: -2, Flags: FlagWrite, FirstKey: 1, LastKey: -1, KeyStep: 1,
			Group: "generic", Since: "1.0.0", Summary: "Delete a key", Run: delCommand},
		&Command{Name: "unlink", Arity: -2, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: -1, KeyStep: 1,
			Group: "generic", Since: "4.0.0", Summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", Run: delCommand},
	)
}

func delCommand(c *Ctx) {
	n := 0
	for i := 1; i < len(c.Args); i++ {
		key := c.Str(i)
		if c.DB.Delete(key) {
			c.Notify(NotifyGeneric, "del", key)
			n++
		}
	}
	c.Changed(n)
	c.W.Int(int64(n))
}
