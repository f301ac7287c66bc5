package engine

func init() {
	Register(&Command{Name: "msetnx", Arity: -3, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: -1, KeyStep: 2, Group: "string", Since: "1.0.1",
		Summary: "Set multiple keys to multiple values, only if none of the keys exist", Run: msetnxCommand})
}

// msetnxCommand sets every pair only when none of the keys exists.
func msetnxCommand(c *Ctx) {
	if len(c.Args)%2 == 1 {
		for i := 1; i < len(c.Args); i += 2 {
			if c.DB.LookupWrite(c.Str(i)) != nil {
				c.W.Int(0)
				return
			}
		}
	}
	if msetPairs(c) {
		c.W.Int(1)
	}
}
