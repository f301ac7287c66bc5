package engine

import "bytes"

func init() {
	Register(&Command{Name: "linsert", Arity: 5, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "2.2.0",
		Summary: "Insert an element before or after another element in a list", Run: linsertCommand})
}

func linsertCommand(c *Ctx) {
	var after bool
	switch {
	case c.Is(2, "after"):
		after = true
	case c.Is(2, "before"):
	default:
		c.W.Error(ErrSyntax)
		return
	}
	key := c.Str(1)
	v, ok := listValue(c, key)
	if !ok {
		return
	}
	if v == nil {
		c.W.Int(0)
		return
	}
	pos := listFind(v.Obj().(*List), c.Args[3])
	if pos < 0 {
		c.W.Int(-1)
		return
	}
	if after {
		pos++
	}
	l := ownList(c, key)
	l.l.Insert(c.Gen(), pos, c.Args[4])
	c.Notify(NotifyList, "linsert", key)
	c.Changed(1)
	c.W.Int(int64(l.Len()))
}

// listFind returns the index of the first element equal to x, or -1.
func listFind(l *List, x []byte) int {
	pos := -1
	l.Range(0, false, func(i int, v []byte) bool {
		if bytes.Equal(v, x) {
			pos = i
			return false
		}
		return true
	})
	return pos
}
