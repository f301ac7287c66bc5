package engine

func init() {
	Register(&Command{Name: "bitfield_ro", Arity: -2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "bitmap", Since: "6.0.0",
		Summary: "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
		Run:     func(c *Ctx) { bitfieldGeneric(c, true) }})
}
