package engine

func init() {
	Register(&Command{Name: "psetex", Arity: 4, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "2.6.0",
		Summary: "Set the value and expiration in milliseconds of a key", Run: psetexCommand})
}

// psetexCommand is SET key value PX milliseconds; it is logged with PXAT.
func psetexCommand(c *Ctx) {
	setGeneric(c, setOptions{unit: "PX", expireArg: 2}, c.Args[3], setReplies{})
}
