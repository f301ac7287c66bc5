package engine

func init() {
	Register(&Command{Name: "getset", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Set the string value of a key and return its old value", Run: getsetCommand})
}

// getsetCommand replies with the old value and sets the new one, dropping
// any expiry; it is logged as SET.
func getsetCommand(c *Ctx) {
	key := c.Str(1)
	if !replyOldString(c, key) {
		return
	}
	c.DB.Set(c.Key(1), StringValue(c.Key(2)))
	c.Notify(NotifyString, "set", key)
	c.Changed(1)
	c.Propagate([]byte("SET"), c.Args[1], c.Args[2])
}
