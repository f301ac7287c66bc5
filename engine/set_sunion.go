package engine

func init() {
	Register(
		&Command{Name: "sunion", Arity: -2, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "set", Since: "1.0.0",
			Summary: "Add multiple sets", Run: sunionCommand},
		&Command{Name: "sunionstore", Arity: -3, Flags: FlagWrite | FlagDenyOOM,
			FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "set", Since: "1.0.0",
			Summary: "Add multiple sets and store the resulting set in a key", Run: sunionstoreCommand},
		&Command{Name: "sdiff", Arity: -2, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "set", Since: "1.0.0",
			Summary: "Subtract multiple sets", Run: sdiffCommand},
		&Command{Name: "sdiffstore", Arity: -3, Flags: FlagWrite | FlagDenyOOM,
			FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "set", Since: "1.0.0",
			Summary: "Subtract multiple sets and store the resulting set in a key", Run: sdiffstoreCommand},
	)
}

func sunionCommand(c *Ctx)      { sunionDiff(c, 1, 0, false) }
func sunionstoreCommand(c *Ctx) { sunionDiff(c, 2, 1, false) }
func sdiffCommand(c *Ctx)       { sunionDiff(c, 1, 0, true) }
func sdiffstoreCommand(c *Ctx)  { sunionDiff(c, 2, 1, true) }

// sunionDiff computes the union (or the first set minus the others) of
// the sets named from argument from on, into a new set built as Redis
// builds it, so the reply order and the stored encoding match.
func sunionDiff(c *Ctx, from, dst int, diff bool) {
	sets, _, ok := lookupSets(c, from, len(c.Args))
	if !ok {
		return
	}
	res := &Set{gen: c.Gen()}
	add := func(m string) bool {
		res.AddMember(c.Gen(), c.E.Config(), m)
		return true
	}
	switch {
	case !diff:
		for _, s := range sets {
			if s != nil {
				s.Range(add)
			}
		}
	case sets[0] != nil && !sameSetLater(sets):
		sets[0].Range(func(m string) bool {
			for _, o := range sets[1:] {
				if o != nil && o.Contains(m) {
					return true
				}
			}
			return add(m)
		})
	}
	if dst > 0 {
		event := "sunionstore"
		if diff {
			event = "sdiffstore"
		}
		storeSetResult(c, dst, res, event)
		return
	}
	c.W.Set(res.Len())
	res.Range(func(m string) bool { c.W.BulkString(m); return true })
}

// sameSetLater reports whether the first set is named again later: the
// difference is then empty.
func sameSetLater(sets []*Set) bool {
	for _, s := range sets[1:] {
		if s == sets[0] {
			return true
		}
	}
	return false
}
