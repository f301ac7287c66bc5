package engine

func init() {
	Register(
		&Command{Name: "hset", Arity: -4, Flags: FlagWrite | FlagDenyOOM | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
			Summary: "Set the string value of a hash field", Run: hsetCommand},
		&Command{Name: "hmset", Arity: -4, Flags: FlagWrite | FlagDenyOOM | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.0.0",
			Summary: "Set multiple hash fields to multiple values", Run: hsetCommand},
	)
}

// hsetCommand serves HSET (replies with the number of new fields) and
// HMSET (replies OK).
func hsetCommand(c *Ctx) {
	if len(c.Args)%2 == 1 {
		c.W.Error(ErrWrongArgs(c.Cmd.Name))
		return
	}
	key := c.Str(1)
	h, created, ok := c.writeHash(key)
	if !ok {
		return
	}
	cfg := c.E.Config()
	h.tryConversion(c.Gen(), cfg, c.Args[2:])
	added := 0
	for i := 2; i < len(c.Args); i += 2 {
		if h.SetField(c.Gen(), cfg, c.Str(i), c.Str(i+1)) {
			added++
		}
	}
	c.storeOrTouch(1, h, created)
	if c.Cmd.Name == "hset" {
		c.W.Int(int64(added))
	} else {
		c.W.OK()
	}
	c.Notify(NotifyHash, "hset", key)
	c.Changed((len(c.Args) - 2) / 2)
}
