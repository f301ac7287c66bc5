package engine

func init() {
	Register(&Command{Name: "decr", Arity: 2, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Decrement the integer value of a key by one", Run: decrCommand})
}

func decrCommand(c *Ctx) { incrDecr(c, -1) }
