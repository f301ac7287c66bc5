package engine

func init() {
	Register(&Command{Name: "expireat", Arity: -3, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "1.2.0",
		Summary: "Set the expiration for a key as a UNIX timestamp",
		Run:     func(c *Ctx) { expireGeneric(c, 0, 1000) }})
}
