package engine

func init() {
	Register(&Command{Name: "setnx", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Set the value of a key, only if the key does not exist", Run: setnxCommand})
}

func setnxCommand(c *Ctx) {
	setGeneric(c, setOptions{nx: true}, c.Args[2], setReplies{
		ok:    func(c *Ctx) { c.W.Int(1) },
		abort: func(c *Ctx) { c.W.Int(0) },
	})
}
