package engine

func init() {
	Register(&Command{Name: "dbsize", Arity: 1, Flags: FlagReadOnly | FlagFast,
		Group: "server", Since: "1.0.0",
		Summary: "Return the number of keys in the selected database", Run: dbsizeCommand})
}

// dbsizeCommand counts keys including expired ones not yet reclaimed, as
// Redis does.
func dbsizeCommand(c *Ctx) { c.W.Int(int64(c.DB.Len())) }
