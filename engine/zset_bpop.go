package engine

func init() {
	Register(
		&Command{Name: "bzpopmin", Arity: -3, Flags: FlagWrite | FlagFast | FlagBlocking,
			FirstKey: 1, LastKey: -2, KeyStep: 1, Group: "sorted-set", Since: "5.0.0",
			Summary: "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available",
			Run:     func(c *Ctx) { bzpopCommand(c, zsetMin) }},
		&Command{Name: "bzpopmax", Arity: -3, Flags: FlagWrite | FlagFast | FlagBlocking,
			FirstKey: 1, LastKey: -2, KeyStep: 1, Group: "sorted-set", Since: "5.0.0",
			Summary: "Remove and return the member with the highest score from one or more sorted sets, or block until one is available",
			Run:     func(c *Ctx) { bzpopCommand(c, zsetMax) }},
		&Command{Name: "bzmpop", Arity: -5, Flags: FlagWrite | FlagBlocking | FlagMovableKeys,
			Keys: numkeysKeys(2), Group: "sorted-set", Since: "7.0.0",
			Summary: "Remove and return members with scores in a sorted set or block until one is available",
			Run:     bzmpopCommand},
	)
}

// bzpopCommand is BZPOPMIN and BZPOPMAX: pop one member from the first
// non-empty set, logged as ZPOPMIN/ZPOPMAX key, or block on every key.
func bzpopCommand(c *Ctx, e zsetEnd) {
	deadline, ok := c.Timeout(len(c.Args) - 1)
	if !ok {
		return
	}
	for k := 1; k < len(c.Args)-1; k++ {
		z, ok := zsetValue(c, c.Str(k))
		if !ok {
			return
		}
		if z == nil {
			continue
		}
		zpopServe(c, k, e, 1, zpopShape{withKey: true})
		c.Propagate([]byte(e.command()), c.Args[k])
		return
	}
	blockOrTimeout(c, deadline, c.W.NullArray, 1, len(c.Args)-1)
}

func bzmpopCommand(c *Ctx) {
	a, e, ok := parseZmpop(c, 2)
	if !ok {
		return
	}
	deadline, ok := c.Timeout(1)
	if !ok {
		return
	}
	served, ok := zmpopServe(c, a, e)
	if !ok || served {
		return
	}
	blockOrTimeout(c, deadline, c.W.NullArray, a.keys[0], a.keys[len(a.keys)-1]+1)
}
