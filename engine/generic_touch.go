package engine

func init() {
	Register(&Command{Name: "touch", Arity: -2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "generic", Since: "3.2.1",
		Summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.",
		Run:     touchCommand})
}

// touchCommand refreshes the access time of every live key it names and
// replies with how many there were.
func touchCommand(c *Ctx) {
	n := 0
	for i := 1; i < len(c.Args); i++ {
		if c.DB.Lookup(c.Str(i)) != nil {
			n++
		}
	}
	c.W.Int(int64(n))
}
