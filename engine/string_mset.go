package engine

func init() {
	Register(&Command{Name: "mset", Arity: -3, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: -1, KeyStep: 2, Group: "string", Since: "1.0.1",
		Summary: "Set multiple keys to multiple values", Run: msetCommand})
}

func msetCommand(c *Ctx) {
	if msetPairs(c) {
		c.W.OK()
	}
}

// msetPairs checks the key/value pairing and sets every pair, dropping
// expiries; it reports false after replying with the arity error.
func msetPairs(c *Ctx) bool {
	if len(c.Args)%2 == 0 {
		c.W.Error(ErrWrongArgs(c.Cmd.Name))
		return false
	}
	for i := 1; i < len(c.Args); i += 2 {
		c.DB.SetBorrowed(c.Str(i), StringValue(c.Key(i+1)))
		c.Notify(NotifyString, "set", c.Str(i))
	}
	c.Changed((len(c.Args) - 1) / 2)
	return true
}
