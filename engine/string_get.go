package engine

func init() {
	Register(&Command{Name: "get", Arity: 2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Get the value of a key", Run: getCommand})
}

func getCommand(c *Ctx) {
	s, exists, ok := c.String(c.Str(1))
	switch {
	case !ok:
	case !exists:
		c.W.Null()
	default:
		c.W.BulkString(s)
	}
}
