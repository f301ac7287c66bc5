package engine

func init() {
	Register(&Command{Name: "mget", Arity: -2, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Get the values of all the given keys", Run: mgetCommand})
}

// mgetCommand answers null for absent keys and for keys of other types.
func mgetCommand(c *Ctx) {
	c.W.Array(len(c.Args) - 1)
	for i := 1; i < len(c.Args); i++ {
		v := c.DB.Lookup(c.Str(i))
		if v == nil || v.Obj() != nil {
			c.W.Null()
			continue
		}
		c.W.BulkString(v.Str())
	}
}
