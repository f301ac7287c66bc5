package engine

func init() {
	Register(&Command{Name: "lindex", Arity: 3, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "1.0.0",
		Summary: "Get an element from a list by its index", Run: lindexCommand})
}

func lindexCommand(c *Ctx) {
	l, ok := readList(c, c.Str(1))
	if !ok {
		return
	}
	if l == nil {
		c.W.Null()
		return
	}
	idx, ok := c.Int(2)
	if !ok {
		return
	}
	if i, in := listIndex(idx, l.Len()); in {
		c.W.Bulk(l.Index(i))
	} else {
		c.W.Null()
	}
}

// listIndex resolves a Redis index (negative from the tail) against a
// list of n elements.
func listIndex(idx int64, n int) (int, bool) {
	if idx < 0 {
		idx += int64(n)
	}
	return int(idx), idx >= 0 && idx < int64(n)
}
