package engine

func init() {
	reg := func(name, since, summary string, kind zrangeKind) {
		Register(&Command{Name: name, Arity: 4, Flags: FlagWrite,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: since,
			Summary: summary, Run: func(c *Ctx) { zremrangeCommand(c, kind) }})
	}
	reg("zremrangebyrank", "2.0.0", "Remove all members in a sorted set within the given indexes", zrangeRank)
	reg("zremrangebyscore", "1.2.0", "Remove all members in a sorted set within the given scores", zrangeScore)
	reg("zremrangebylex", "2.8.9", "Remove all members in a sorted set between the given lexicographical range", zrangeLex)
}

var zremrangeEvents = map[zrangeKind]string{
	zrangeRank: "zremrangebyrank", zrangeScore: "zremrangebyscore", zrangeLex: "zremrangebylex",
}

func zremrangeCommand(c *Ctx, kind zrangeKind) {
	a := zrangeArgs{src: 1, kind: kind, limit: -1}
	if !a.parseBounds(c) {
		return
	}
	key := c.Str(1)
	z, ok := zsetValue(c, key)
	if !ok {
		return
	}
	if z == nil {
		c.W.Int(0)
		return
	}
	items := a.items(z)
	if len(items) > 0 {
		z = ownZSet(c, key)
		for _, it := range items {
			z.remove(c.Gen(), it.Member)
		}
		c.Notify(NotifyZSet, zremrangeEvents[kind], key)
		zsetEmptied(c, key, z)
		c.Changed(len(items))
	}
	c.W.Int(int64(len(items)))
}
