package engine

func init() {
	Register(&Command{Name: "exists", Arity: -2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "generic", Since: "1.0.0",
		Summary: "Determine if a key exists", Run: existsCommand})
}

func existsCommand(c *Ctx) {
	n := 0
	for i := 1; i < len(c.Args); i++ {
		if c.lookupNoTouch(c.Str(i)) != nil { // EXISTS leaves access times alone, as in Redis
			n++
		}
	}
	c.W.Int(int64(n))
}
