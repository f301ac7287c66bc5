package engine

func init() {
	Register(&Command{Name: "flushdb", Arity: -1, Flags: FlagWrite,
		Group: "server", Since: "1.0.0",
		Summary: "Remove all keys from the current database", Run: flushdbCommand})
}

// flushdbCommand empties the selected database. It is always logged, even
// when the database was already empty, as Redis forces it.
func flushdbCommand(c *Ctx) {
	if !parseFlushMode(c) {
		return
	}
	n := c.DB.Len()
	c.DB.Flush()
	c.Changed(n)
	c.Propagate(c.Args...)
	c.W.OK()
}

// parseFlushMode accepts FLUSHDB/FLUSHALL's optional ASYNC or SYNC. Both
// free memory the same way here: the old map is left to the collector.
func parseFlushMode(c *Ctx) bool {
	if len(c.Args) == 1 || (len(c.Args) == 2 && (c.Is(1, "ASYNC") || c.Is(1, "SYNC"))) {
		return true
	}
	c.W.Error(ErrSyntax)
	return false
}
