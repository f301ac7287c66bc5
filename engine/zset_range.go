package engine

import "github.com/strata-db/strata/internal/ztree"

func init() {
	ro := FlagReadOnly
	reg := func(name string, arity int, since, summary string, kind zrangeKind, rev zrangeDir) {
		Register(&Command{Name: name, Arity: arity, Flags: ro, FirstKey: 1, LastKey: 1, KeyStep: 1,
			Group: "sorted-set", Since: since, Summary: summary,
			Run: func(c *Ctx) { zrangeCommand(c, 1, false, kind, rev) }})
	}
	reg("zrange", -4, "1.2.0", "Return a range of members in a sorted set", zrangeAuto, zrangeDirAuto)
	reg("zrevrange", -4, "1.2.0", "Return a range of members in a sorted set, by index, with scores ordered from high to low", zrangeRank, zrangeDirRev)
	reg("zrangebyscore", -4, "1.0.5", "Return a range of members in a sorted set, by score", zrangeScore, zrangeDirFwd)
	reg("zrevrangebyscore", -4, "2.2.0", "Return a range of members in a sorted set, by score, with scores ordered from high to low", zrangeScore, zrangeDirRev)
	reg("zrangebylex", -4, "2.8.9", "Return a range of members in a sorted set, by lexicographical range", zrangeLex, zrangeDirFwd)
	reg("zrevrangebylex", -4, "2.8.9", "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", zrangeLex, zrangeDirRev)
	Register(&Command{Name: "zrangestore", Arity: -5, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "sorted-set", Since: "6.2.0",
		Summary: "Store a range of members from sorted set into another key",
		Run:     func(c *Ctx) { zrangeCommand(c, 2, true, zrangeAuto, zrangeDirAuto) }})
}

type zrangeKind int

const (
	zrangeAuto zrangeKind = iota
	zrangeRank
	zrangeScore
	zrangeLex
)

type zrangeDir int

const (
	zrangeDirAuto zrangeDir = iota
	zrangeDirFwd
	zrangeDirRev
)

// zrangeArgs is a parsed ZRANGE-family request.
type zrangeArgs struct {
	src           int // position of the source key
	kind          zrangeKind
	rev           bool
	withScores    bool
	offset, limit int64
	start, end    int64
	smin, smax    scoreBound
	lmin, lmax    lexBound
}

// parseZrange parses "<src> <min> <max> [BYSCORE|BYLEX] [REV]
// [WITHSCORES] [LIMIT offset count]" as Redis's zrangeGenericCommand.
func parseZrange(c *Ctx, src int, store bool, kind zrangeKind, dir zrangeDir) (zrangeArgs, bool) {
	a := zrangeArgs{src: src, limit: -1}
	for j := src + 3; j < len(c.Args); j++ {
		left := len(c.Args) - j - 1
		switch {
		case !store && c.Is(j, "withscores"):
			a.withScores = true
		case c.Is(j, "limit") && left >= 2:
			var ok bool
			if a.offset, ok = c.Int(j + 1); !ok {
				return a, false
			}
			if a.limit, ok = c.Int(j + 2); !ok {
				return a, false
			}
			j += 2
		case dir == zrangeDirAuto && c.Is(j, "rev"):
			dir = zrangeDirRev
		case kind == zrangeAuto && c.Is(j, "bylex"):
			kind = zrangeLex
		case kind == zrangeAuto && c.Is(j, "byscore"):
			kind = zrangeScore
		default:
			c.W.Error(ErrSyntax)
			return a, false
		}
	}
	if kind == zrangeAuto {
		kind = zrangeRank
	}
	a.kind, a.rev = kind, dir == zrangeDirRev
	if a.limit != -1 && kind == zrangeRank {
		c.W.Error(ErrZLimitRank)
		return a, false
	}
	if a.withScores && kind == zrangeLex {
		c.W.Error(ErrZScoresLex)
		return a, false
	}
	return a, a.parseBounds(c)
}

// parseBounds reads <min> <max> (given as <max> <min> for reversed score
// and lex ranges).
func (a *zrangeArgs) parseBounds(c *Ctx) bool {
	lo, hi := c.Args[a.src+1], c.Args[a.src+2]
	if a.rev && a.kind != zrangeRank {
		lo, hi = hi, lo
	}
	var ok1, ok2 bool
	switch a.kind {
	case zrangeRank:
		if a.start, ok1 = c.Int(a.src + 1); !ok1 {
			return false
		}
		a.end, ok2 = c.Int(a.src + 2)
		return ok2
	case zrangeScore:
		a.smin, ok1 = parseScoreBound(lo)
		a.smax, ok2 = parseScoreBound(hi)
		if !ok1 || !ok2 {
			c.W.Error(ErrZMinMaxFloat)
			return false
		}
	default:
		a.lmin, ok1 = parseLexBound(lo)
		a.lmax, ok2 = parseLexBound(hi)
		if !ok1 || !ok2 {
			c.W.Error(ErrZMinMaxLex)
			return false
		}
	}
	return true
}

// items returns the members the request selects from z, in reply order.
func (a *zrangeArgs) items(z *ZSet) []ztree.Item {
	switch a.kind {
	case zrangeRank:
		s, e, ok := clampRange(a.start, a.end, z.Len())
		if !ok {
			return nil
		}
		if a.rev {
			// Ranks count from the top: map them back onto ascending ranks.
			s, e = z.Len()-1-e, z.Len()-1-s
		}
		return zsetItems(z, s, e+1, a.rev, 0, -1)
	case zrangeScore:
		lo, hi := scoreRange(z, a.smin, a.smax)
		return zsetItems(z, lo, hi, a.rev, a.offset, a.limit)
	}
	lo, hi := lexRange(z, a.lmin, a.lmax)
	return zsetItems(z, lo, hi, a.rev, a.offset, a.limit)
}

func zrangeCommand(c *Ctx, src int, store bool, kind zrangeKind, dir zrangeDir) {
	a, ok := parseZrange(c, src, store, kind, dir)
	if !ok {
		return
	}
	z, ok := readZSet(c, c.Str(src))
	if !ok {
		return
	}
	var items []ztree.Item
	if z != nil {
		items = a.items(z)
	}
	if store {
		zsetStore(c, 1, items, "zrangestore")
		return
	}
	writeEntries(c, items, a.withScores)
}

// zsetStore replaces the key at argument dst with a sorted set of items
// (deleting it when items is empty) and replies with the size, as the
// *STORE commands do.
func zsetStore(c *Ctx, dst int, items []ztree.Item, event string) {
	key := c.Str(dst)
	if len(items) == 0 {
		if c.DB.Delete(key) {
			c.Notify(NotifyGeneric, "del", key)
			c.Changed(1)
		}
		c.W.Int(0)
		return
	}
	z := &ZSet{gen: c.Gen()}
	cfg := c.E.Config()
	for _, it := range items {
		z.add(c.Gen(), cfg, it.Member, it.Score)
	}
	c.DB.Set(c.Key(dst), ObjectValue(z))
	c.KeyReady(c.Str(dst))
	c.W.Int(int64(z.Len()))
	c.Notify(NotifyZSet, event, key)
	c.Changed(1)
}
