package engine

func init() {
	Register(&Command{Name: "flushall", Arity: -1, Flags: FlagWrite,
		Group: "server", Since: "1.0.0",
		Summary: "Remove all keys from all databases", Run: flushallCommand})
}

// flushallCommand empties every database and is always logged as
// FLUSHALL. The dirty count grows by the keys removed; saving the empty
// dataset afterwards, as Redis does, is the server's business.
func flushallCommand(c *Ctx) {
	if !parseFlushMode(c) {
		return
	}
	n := 0
	for _, db := range c.E.dbs {
		n += db.Len()
		db.Flush()
	}
	c.Changed(n)
	c.Propagate(c.Args...)
	c.W.OK()
}
