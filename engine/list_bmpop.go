package engine

func init() {
	Register(&Command{Name: "blmpop", Arity: -5, Flags: FlagWrite | FlagBlocking | FlagMovableKeys,
		Keys: numkeysKeys(2), Group: "list", Since: "7.0.0",
		Summary: "Pop elements from a list, or block until one is available", Run: blmpopCommand})
}

func blmpopCommand(c *Ctx) {
	a, end, ok := parseLmpop(c, 2)
	if !ok {
		return
	}
	deadline, ok := c.Timeout(1)
	if !ok {
		return
	}
	served, ok := lmpopServe(c, a, end)
	if !ok || served {
		return
	}
	blockOrTimeout(c, deadline, c.W.NullArray, a.keys[0], a.keys[len(a.keys)-1]+1)
}
