package engine

import "math"

func init() {
	Register(
		&Command{Name: "zadd", Arity: -4, Flags: FlagWrite | FlagDenyOOM | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "1.2.0",
			Summary: "Add one or more members to a sorted set, or update its score if it already exists",
			Run:     func(c *Ctx) { zaddCommand(c, false) }},
		&Command{Name: "zincrby", Arity: 4, Flags: FlagWrite | FlagDenyOOM | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "1.2.0",
			Summary: "Increment the score of a member in a sorted set",
			Run:     func(c *Ctx) { zaddCommand(c, true) }},
	)
}

// zaddOptions are ZADD's flags; first is the position of the first score.
type zaddOptions struct {
	nx, xx, gt, lt, ch, incr bool
	first                    int
}

// parseZaddOptions reads the flags that precede the score/member pairs,
// replying on error. ZINCRBY goes through here with incr set, as in
// Redis, so "ZINCRBY k nx m" is a syntax error too.
func parseZaddOptions(c *Ctx, incr bool) (zaddOptions, bool) {
	o := zaddOptions{incr: incr, first: 2}
	for ; o.first < len(c.Args); o.first++ {
		switch {
		case c.Is(o.first, "nx"):
			o.nx = true
		case c.Is(o.first, "xx"):
			o.xx = true
		case c.Is(o.first, "ch"):
			o.ch = true
		case c.Is(o.first, "incr"):
			o.incr = true
		case c.Is(o.first, "gt"):
			o.gt = true
		case c.Is(o.first, "lt"):
			o.lt = true
		default:
			return o, o.check(c)
		}
	}
	return o, o.check(c)
}

func (o zaddOptions) check(c *Ctx) bool {
	pairs := len(c.Args) - o.first
	switch {
	case pairs == 0 || pairs%2 != 0:
		c.W.Error(ErrSyntax)
	case o.nx && o.xx:
		c.W.Error(ErrZaddNXXX)
	case (o.gt && o.nx) || (o.lt && o.nx) || (o.gt && o.lt):
		c.W.Error(ErrZaddGTLTNX)
	case o.incr && pairs > 2:
		c.W.Error(ErrZaddIncrPair)
	default:
		return true
	}
	return false
}

func zaddCommand(c *Ctx, incr bool) {
	o, ok := parseZaddOptions(c, incr)
	if !ok {
		return
	}
	// Parse every score first: the command applies fully or not at all.
	scores := make([]float64, 0, (len(c.Args)-o.first)/2)
	for i := o.first; i < len(c.Args); i += 2 {
		s, ok := c.Float(i)
		if !ok {
			return
		}
		scores = append(scores, s)
	}
	key := c.Str(1)
	z, ok := zsetValue(c, key)
	if !ok {
		return
	}
	if z == nil && o.xx {
		zaddReply(c, o, 0, 0, 0, false)
		return
	}
	if z == nil {
		z = &ZSet{gen: c.Gen()}
		if c.E.Config().ZSetMaxListpackEntries == 0 ||
			int64(len(c.Args[o.first+1])) > c.E.Config().ZSetMaxListpackValue {
			z.convert(c.Gen())
		}
		c.DB.Set(c.Key(1), ObjectValue(z))
		c.KeyReady(c.Str(1))
	} else {
		z = ownZSet(c, key)
	}
	zaddApply(c, o, z, key, scores)
}

// zaddApply adds the pairs to z and replies.
func zaddApply(c *Ctx, o zaddOptions, z *ZSet, key string, scores []float64) {
	added, updated, processed := 0, 0, 0
	var last float64
	for j, score := range scores {
		member := c.Str(o.first + 1 + 2*j)
		res, newScore := zaddOne(c, z, o, member, score)
		switch res {
		case zaddNaN:
			c.W.Error(ErrZaddNaN)
			zaddNotify(c, o, key, added+updated)
			c.Changed(added + updated)
			return
		case zaddAdded:
			added++
		case zaddUpdated:
			updated++
		}
		if res != zaddNop {
			processed++
			last = newScore
		}
	}
	c.Changed(added + updated)
	zaddReply(c, o, added, updated, last, processed > 0)
	zaddNotify(c, o, key, added+updated)
	zsetEmptied(c, key, z)
}

func zaddNotify(c *Ctx, o zaddOptions, key string, changed int) {
	if changed == 0 {
		return
	}
	if o.incr {
		c.Notify(NotifyZSet, "zincr", key)
	} else {
		c.Notify(NotifyZSet, "zadd", key)
	}
}

func zaddReply(c *Ctx, o zaddOptions, added, updated int, score float64, processed bool) {
	switch {
	case o.incr && processed:
		c.W.Double(score)
	case o.incr:
		c.W.Null()
	case o.ch:
		c.W.Int(int64(added + updated))
	default:
		c.W.Int(int64(added))
	}
}

type zaddResult int

const (
	zaddNop zaddResult = iota
	zaddAdded
	zaddUpdated
	zaddSame // processed, score unchanged
	zaddNaN
)

// zaddOne applies one score/member pair as Redis's zsetAdd.
func zaddOne(c *Ctx, z *ZSet, o zaddOptions, member string, score float64) (zaddResult, float64) {
	cur, exists := z.Score(member)
	if !exists {
		if o.xx {
			return zaddNop, 0
		}
		z.add(c.Gen(), c.E.Config(), member, score)
		return zaddAdded, score
	}
	if o.nx {
		return zaddNop, 0
	}
	if o.incr {
		score += cur
		if math.IsNaN(score) {
			return zaddNaN, 0
		}
	}
	if (o.lt && score >= cur) || (o.gt && score <= cur) {
		return zaddNop, 0
	}
	if score == cur {
		return zaddSame, score
	}
	z.add(c.Gen(), c.E.Config(), member, score)
	return zaddUpdated, score
}
