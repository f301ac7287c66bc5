package engine

func init() {
	Register(&Command{Name: "pttl", Arity: 2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "2.6.0",
		Summary: "Get the time to live for a key in milliseconds",
		Run:     func(c *Ctx) { ttlGeneric(c, true, false) }})
}
