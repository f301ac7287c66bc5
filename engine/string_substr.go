package engine

func init() {
	// SUBSTR is GETRANGE's old name.
	Register(&Command{Name: "substr", Arity: 4, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Get a substring of the string stored at a key", Run: getrangeCommand})
}
