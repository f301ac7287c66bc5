package engine

import "bytes"

func init() {
	Register(&Command{Name: "lrem", Arity: 4, Flags: FlagWrite,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "1.0.0",
		Summary: "Remove elements from a list", Run: lremCommand})
}

func lremCommand(c *Ctx) {
	toRemove, ok := c.Int(2)
	if !ok {
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
	hits := lremMatches(v.Obj().(*List), c.Args[3], toRemove)
	if len(hits) == 0 {
		c.W.Int(0)
		return
	}
	l := ownList(c, key)
	// Delete from the highest index down so earlier indexes stay valid.
	slicesSortDesc(hits)
	for _, i := range hits {
		l.l.Delete(c.Gen(), i, 1)
	}
	c.Changed(len(hits))
	c.Notify(NotifyList, "lrem", key)
	listEmptied(c, key, l)
	c.W.Int(int64(len(hits)))
}

// lremMatches finds the indexes LREM removes: up to |count| matches from
// the head (count > 0), from the tail (count < 0), or all (count 0).
func lremMatches(l *List, x []byte, count int64) []int {
	rev, from := false, 0
	if count < 0 {
		rev, from, count = true, l.Len()-1, -count
	}
	var hits []int
	l.Range(from, rev, func(i int, v []byte) bool {
		if bytes.Equal(v, x) {
			hits = append(hits, i)
		}
		return count == 0 || int64(len(hits)) < count
	})
	return hits
}

func slicesSortDesc(a []int) {
	if len(a) > 1 && a[0] < a[len(a)-1] {
		for i, j := 0, len(a)-1; i < j; i, j = i+1, j-1 {
			a[i], a[j] = a[j], a[i]
		}
	}
}
