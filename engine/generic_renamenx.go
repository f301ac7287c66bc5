package engine

func init() {
	Register(&Command{Name: "renamenx", Arity: 3, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "generic", Since: "1.0.0",
		Summary: "Rename a key, only if the new key does not exist",
		Run:     func(c *Ctx) { renameGeneric(c, true) }})
}
