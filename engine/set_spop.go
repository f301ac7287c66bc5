package engine

func init() {
	Register(&Command{Name: "spop", Arity: -2, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "set", Since: "1.0.0",
		Summary: "Remove and return one or multiple random members from a set", Run: spopCommand})
}

// spopMoveStrategyMul: when fewer than count/5 members would remain, SPOP
// rebuilds the set from the survivors instead of popping one by one, as
// Redis does (which is also what can turn a hashtable back into an intset).
const spopMoveStrategyMul = 5

// spopCommand logs its random outcome: SREM of the popped members, or DEL
// when the set is emptied (DESIGN invariant 3).
func spopCommand(c *Ctx) {
	switch {
	case len(c.Args) == 3:
		spopCount(c)
		return
	case len(c.Args) > 3:
		c.W.Error(ErrSyntax)
		return
	}
	key := c.Str(1)
	s, ok := c.writeSet(key)
	if !ok {
		return
	}
	if s == nil {
		c.W.Null()
		return
	}
	m := s.randomMember()
	s.RemoveMember(c.Gen(), m)
	c.Notify(NotifySet, "spop", key)
	c.Propagate([]byte("SREM"), c.Args[1], []byte(m))
	c.W.BulkString(m)
	if c.deleteIfEmpty(key, s) {
		c.Notify(NotifyGeneric, "del", key)
	} else {
		c.DB.Touched(key)
	}
	c.Changed(1)
}

func spopCount(c *Ctx) {
	n, ok := ParseInt(c.Args[2])
	if !ok || n < 0 {
		c.W.Error(ErrPositive)
		return
	}
	key := c.Str(1)
	s, ok := c.writeSet(key)
	if !ok {
		return
	}
	if s == nil || n == 0 {
		c.W.Set(0)
		return
	}
	count, size := int(min(n, 1<<62)), s.Len()
	c.Notify(NotifySet, "spop", key)
	c.Changed(min(count, size))
	if count >= size {
		c.W.Set(size)
		s.Range(func(m string) bool { c.W.BulkString(m); return true })
		c.DB.Delete(key)
		c.Notify(NotifyGeneric, "del", key)
		c.Propagate([]byte("DEL"), c.Args[1])
		return
	}
	c.W.Set(count)
	srem := make([][]byte, 0, 2+count)
	srem = append(srem, []byte("SREM"), c.Args[1])
	emit := func(m string) {
		c.W.BulkString(m)
		srem = append(srem, []byte(m))
	}
	if remaining := size - count; remaining*spopMoveStrategyMul > count {
		for range count {
			m := s.randomMember()
			s.RemoveMember(c.Gen(), m)
			emit(m)
		}
	} else {
		survivors := spopSurvivors(c, s, remaining)
		s.Range(func(m string) bool { emit(m); return true })
		c.DB.LookupWrite(key).setObj(survivors)
	}
	// NB: one SREM carries every popped member, so the pop is one atomic
	// effect in the log; Redis 7.0 logs one SREM per member inside
	// MULTI/EXEC, which replays to the same state.
	c.Propagate(srem...)
	c.DB.Touched(key)
}

// spopSurvivors moves remaining random members out of s into a new set
// (built from scratch, so it may be an intset again) and returns it.
func spopSurvivors(c *Ctx, s *Set, remaining int) *Set {
	var ns *Set
	for range remaining {
		m := s.randomMember()
		if ns == nil {
			ns = NewSet(c.Gen(), m)
		}
		ns.AddMember(c.Gen(), c.E.Config(), m)
		s.RemoveMember(c.Gen(), m)
	}
	return ns
}
