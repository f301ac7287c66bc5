package engine

func init() {
	Register(&Command{Name: "type", Arity: 2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "1.0.0",
		Summary: "Determine the type stored at key", Run: typeCommand})
}

func typeCommand(c *Ctx) {
	v := c.lookupNoTouch(c.Str(1))
	if v == nil {
		c.W.Simple("none")
		return
	}
	c.W.Simple(v.Type().String())
}
