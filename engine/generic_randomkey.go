package engine

func init() {
	Register(&Command{Name: "randomkey", Arity: 1, Flags: FlagReadOnly,
		Group: "generic", Since: "1.0.0",
		Summary: "Return a random key from the keyspace", Run: randomkeyCommand})
}

// randomkeyCommand replies with a random live key; expired keys it meets
// are deleted (and logged) on the way.
func randomkeyCommand(c *Ctx) {
	key, ok := c.DB.RandomKey()
	if !ok {
		c.W.Null()
		return
	}
	c.W.BulkString(key)
}
