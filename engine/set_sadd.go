package engine

func init() {
	Register(&Command{Name: "sadd", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "set", Since: "1.0.0",
		Summary: "Add one or more members to a set", Run: saddCommand})
}

func saddCommand(c *Ctx) {
	key := c.Str(1)
	s, ok := c.writeSet(key)
	if !ok {
		return
	}
	created := s == nil
	if created {
		s = NewSet(c.Gen(), c.Str(2))
	}
	cfg := c.E.Config()
	added := 0
	for i := 2; i < len(c.Args); i++ {
		if s.AddMember(c.Gen(), cfg, c.Str(i)) {
			added++
		}
	}
	// A new set always gains its first member, so it is never stored empty.
	if added > 0 {
		c.storeOrTouch(1, s, created)
		c.Notify(NotifySet, "sadd", key)
		c.Changed(added)
	}
	c.W.Int(int64(added))
}
