package engine

func init() {
	Register(&Command{Name: "decrby", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Decrement the integer value of a key by the given number", Run: decrbyCommand})
}

func decrbyCommand(c *Ctx) {
	n, ok := c.Int(2)
	if !ok {
		return
	}
	if n == minInt64 {
		// Its negation does not fit an int64.
		c.W.Error(ErrDecrOverflow)
		return
	}
	incrDecr(c, -n)
}
