package engine

func init() {
	Register(&Command{Name: "swapdb", Arity: 3, Flags: FlagWrite | FlagFast,
		Group: "server", Since: "4.0.0",
		Summary: "Swaps two Redis databases", Run: swapdbCommand})
}

// swapdbCommand exchanges the contents of two databases; clients stay in
// the database number they selected.
func swapdbCommand(c *Ctx) {
	id1, ok := c.Int32(1, ErrInvalidFirstDB)
	if !ok {
		return
	}
	id2, ok := c.Int32(2, ErrInvalidSecondDB)
	if !ok {
		return
	}
	n := len(c.E.dbs)
	if id1 < 0 || id1 >= n || id2 < 0 || id2 >= n {
		c.W.Error(ErrDBIndex)
		return
	}
	if id1 != id2 {
		c.E.dbs[id1].Swap(c.E.dbs[id2])
		// TODO(server): wake clients blocked on keys that now exist, as
		// Redis's scanDatabaseForReadyKeys does.
	}
	c.Changed(1)
	c.W.OK()
}
