package engine

func init() {
	Register(&Command{Name: "pexpiretime", Arity: 2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "7.0.0",
		Summary: "Get the expiration Unix timestamp for a key in milliseconds",
		Run:     func(c *Ctx) { ttlGeneric(c, true, true) }})
}
