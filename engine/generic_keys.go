package engine

func init() {
	Register(&Command{Name: "keys", Arity: 2, Flags: FlagReadOnly,
		Group: "generic", Since: "1.0.0",
		Summary: "Find all keys matching the given pattern", Run: keysCommand})
}

// keysCommand lists live keys matching a glob pattern. Logically expired
// keys are skipped but not deleted: the walk must not change the map.
func keysCommand(c *Ctx) {
	pattern := c.Str(1)
	all := pattern == "*"
	now := c.Now()
	var keys []string
	c.DB.Range(func(key string, v *Value) bool {
		if (all || GlobMatch(pattern, key, false)) && !c.DB.expired(v, now) {
			keys = append(keys, key)
		}
		return true
	})
	c.W.StringArray(keys)
}
