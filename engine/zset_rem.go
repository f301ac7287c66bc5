package engine

func init() {
	Register(&Command{Name: "zrem", Arity: -3, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "1.2.0",
		Summary: "Remove one or more members from a sorted set", Run: zremCommand})
}

func zremCommand(c *Ctx) {
	key := c.Str(1)
	z, ok := zsetValue(c, key)
	if !ok {
		return
	}
	if z == nil {
		c.W.Int(0)
		return
	}
	deleted := 0
	for i := 2; i < len(c.Args); i++ {
		if _, in := z.Score(c.Str(i)); !in {
			continue
		}
		if deleted == 0 {
			z = ownZSet(c, key)
		}
		z.remove(c.Gen(), c.Str(i))
		deleted++
		if z.Len() == 0 {
			break
		}
	}
	if deleted > 0 {
		c.Notify(NotifyZSet, "zrem", key)
		zsetEmptied(c, key, z)
		c.Changed(deleted)
	}
	c.W.Int(int64(deleted))
}
