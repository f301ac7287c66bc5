package engine

func init() {
	Register(&Command{Name: "pexpire", Arity: -3, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "2.6.0",
		Summary: "Set a key's time to live in milliseconds",
		Run:     func(c *Ctx) { expireGeneric(c, c.Now(), 1) }})
}
