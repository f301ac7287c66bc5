package engine

func init() {
	Register(&Command{Name: "setex", Arity: 4, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "2.0.0",
		Summary: "Set the value and expiration of a key", Run: setexCommand})
}

// setexCommand is SET key value EX seconds; it is logged with PXAT.
func setexCommand(c *Ctx) {
	setGeneric(c, setOptions{unit: "EX", expireArg: 2}, c.Args[3], setReplies{})
}
