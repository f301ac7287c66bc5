package engine

func init() {
	Register(&Command{Name: "strlen", Arity: 2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "2.2.0",
		Summary: "Get the length of the value stored in a key", Run: strlenCommand})
}

func strlenCommand(c *Ctx) {
	if s, _, ok := c.String(c.Str(1)); ok {
		c.W.Int(int64(len(s)))
	}
}
