package engine

func init() {
	Register(&Command{Name: "incr", Arity: 2, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Increment the integer value of a key by one", Run: incrCommand})
}

func incrCommand(c *Ctx) { incrDecr(c, 1) }
