package engine

func init() {
	Register(&Command{Name: "getdel", Arity: 2, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "6.2.0",
		Summary: "Get the value of a key and delete the key", Run: getdelCommand})
}

// getdelCommand replies with the value and deletes the key; it is logged
// as DEL.
func getdelCommand(c *Ctx) {
	key := c.Str(1)
	if !replyOldString(c, key) {
		return
	}
	if c.DB.Delete(key) {
		c.Propagate([]byte("DEL"), c.Args[1])
		c.Notify(NotifyGeneric, "del", key)
		c.Changed(1)
	}
}
