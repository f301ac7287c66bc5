package engine

import "sort"

func init() {
	Register(
		&Command{Name: "sinter", Arity: -2, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "set", Since: "1.0.0",
			Summary: "Intersect multiple sets", Run: sinterCommand},
		&Command{Name: "smembers", Arity: 2, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "set", Since: "1.0.0",
			Summary: "Get all the members in a set", Run: sinterCommand},
		&Command{Name: "sinterstore", Arity: -3, Flags: FlagWrite | FlagDenyOOM,
			FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "set", Since: "1.0.0",
			Summary: "Intersect multiple sets and store the resulting set in a key", Run: sinterstoreCommand},
	)
}

// sinterCommand also serves SMEMBERS, as in Redis: the intersection of one
// set is the set.
func sinterCommand(c *Ctx) { sinterGeneric(c, 1, len(c.Args), 0, false, 0) }

func sinterstoreCommand(c *Ctx) { sinterGeneric(c, 2, len(c.Args), 1, false, 0) }

// lookupSets reads the sets named by arguments [from, to); nil stands for
// a missing key. ok is false after a WRONGTYPE reply.
func lookupSets(c *Ctx, from, to int) (sets []*Set, missing int, ok bool) {
	sets = make([]*Set, 0, to-from)
	for i := from; i < to; i++ {
		s, ok := c.readSet(c.Str(i))
		if !ok {
			return nil, 0, false
		}
		if s == nil {
			missing++
		}
		sets = append(sets, s)
	}
	return sets, missing, true
}

// sinterGeneric intersects the sets named by arguments [from, to). dst is
// the argument index of the STORE destination (0 for none); cardOnly
// answers the size only, stopping at limit (0: no limit).
func sinterGeneric(c *Ctx, from, to, dst int, cardOnly bool, limit int) {
	sets, missing, ok := lookupSets(c, from, to)
	if !ok {
		return
	}
	if missing > 0 {
		// Intersecting with an empty set is empty.
		switch {
		case dst > 0:
			storeSetResult(c, dst, &Set{gen: c.Gen()}, "sinterstore")
		case cardOnly:
			c.W.Int(0)
		default:
			c.W.Set(0)
		}
		return
	}
	// Smallest first: every candidate comes from it.
	sort.SliceStable(sets, func(i, j int) bool { return sets[i].Len() < sets[j].Len() })
	var found []string
	sets[0].Range(func(m string) bool {
		for _, o := range sets[1:] {
			if o != sets[0] && !o.Contains(m) {
				return true
			}
		}
		found = append(found, m)
		return !cardOnly || limit == 0 || len(found) < limit
	})
	switch {
	case cardOnly:
		c.W.Int(int64(len(found)))
	case dst > 0:
		storeSetResult(c, dst, buildSet(c, found), "sinterstore")
	default:
		c.W.Set(len(found))
		for _, m := range found {
			c.W.BulkString(m)
		}
	}
}

// buildSet makes a new set of members the way Redis builds a result set:
// starting as an intset and converting as members come.
func buildSet(c *Ctx, members []string) *Set {
	s := &Set{gen: c.Gen()}
	for _, m := range members {
		s.AddMember(c.Gen(), c.E.Config(), m)
	}
	return s
}

// storeSetResult stores a STORE form's result under argument dst,
// replacing any value (and its TTL), or deletes dst when the result is
// empty; it replies with the result's size.
func storeSetResult(c *Ctx, dst int, s *Set, event string) {
	key := c.Str(dst)
	if s.Len() == 0 {
		c.W.Int(0)
		if c.DB.Delete(key) {
			c.Notify(NotifyGeneric, "del", key)
			c.Changed(1)
		}
		return
	}
	c.DB.Set(c.Key(dst), ObjectValue(s))
	c.W.Int(int64(s.Len()))
	c.Notify(NotifySet, event, key)
	c.Changed(1)
}
