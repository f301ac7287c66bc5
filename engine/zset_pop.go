package engine

import "strconv"

func init() {
	Register(
		&Command{Name: "zpopmin", Arity: -2, Flags: FlagWrite | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "5.0.0",
			Summary: "Remove and return members with the lowest scores in a sorted set",
			Run:     func(c *Ctx) { zpopCommand(c, zsetMin) }},
		&Command{Name: "zpopmax", Arity: -2, Flags: FlagWrite | FlagFast,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "5.0.0",
			Summary: "Remove and return members with the highest scores in a sorted set",
			Run:     func(c *Ctx) { zpopCommand(c, zsetMax) }},
		&Command{Name: "zmpop", Arity: -4, Flags: FlagWrite | FlagMovableKeys,
			Keys: numkeysKeys(1), Group: "sorted-set", Since: "7.0.0",
			Summary: "Remove and return members with scores in a sorted set", Run: zmpopCommand},
	)
}

// zsetEnd is the end a pop takes from.
type zsetEnd bool

const (
	zsetMin zsetEnd = false
	zsetMax zsetEnd = true
)

func (e zsetEnd) event() string {
	if e == zsetMax {
		return "zpopmax"
	}
	return "zpopmin"
}

func (e zsetEnd) command() string {
	if e == zsetMax {
		return "ZPOPMAX"
	}
	return "ZPOPMIN"
}

// zpopShape says how a pop reply looks: with the key first (BZPOPMIN,
// ZMPOP), with [member, score] pairs nested (RESP3 counts, ZMPOP).
type zpopShape struct {
	withKey, nested bool
}

func zpopCommand(c *Ctx, end zsetEnd) {
	if len(c.Args) > 3 {
		c.W.Error(ErrSyntax)
		return
	}
	count := int64(-1)
	if len(c.Args) == 3 {
		n, ok := ParseInt(c.Args[2])
		if !ok || n < 0 {
			c.W.Error(ErrPositive)
			return
		}
		count = n
	}
	key := c.Str(1)
	z, ok := zsetValue(c, key)
	switch {
	case !ok:
	case z == nil || count == 0:
		c.W.Array(0)
	default:
		shape := zpopShape{nested: c.W.Proto > 2 && count != -1}
		zpopServe(c, 1, end, max(count, 1), shape)
	}
}

// zpopServe pops up to count members from end e of the set under key
// argument k, replies in the given shape, and returns how many it popped.
func zpopServe(c *Ctx, k int, e zsetEnd, count int64, shape zpopShape) int {
	key := c.Str(k)
	z := ownZSet(c, key)
	n := int(min(count, int64(z.Len())))
	switch {
	case shape.withKey && shape.nested:
		c.W.Array(2)
		c.W.Bulk(c.Args[k])
		c.W.Array(n)
	case shape.withKey:
		c.W.Array(2*n + 1)
		c.W.Bulk(c.Args[k])
	case shape.nested:
		c.W.Array(n)
	default:
		c.W.Array(2 * n)
	}
	for i := 0; i < n; i++ {
		at := 0
		if e == zsetMax {
			at = z.Len() - 1
		}
		it := z.At(at)
		z.remove(c.Gen(), it.Member)
		if shape.nested {
			c.W.Array(2)
		}
		c.W.BulkString(it.Member)
		c.W.Double(it.Score)
	}
	c.Changed(n)
	c.Notify(NotifyZSet, e.event(), key)
	zsetEmptied(c, key, z)
	return n
}

func parseZmpop(c *Ctx, idx int) (mpopArgs, zsetEnd, bool) {
	a, ok := parseMpop(c, idx)
	if !ok {
		return a, false, false
	}
	var e zsetEnd
	switch {
	case c.Is(a.where, "min"):
	case c.Is(a.where, "max"):
		e = zsetMax
	default:
		c.W.Error(ErrSyntax)
		return a, false, false
	}
	return a, e, parseMpopCount(c, &a)
}

func zmpopCommand(c *Ctx) {
	a, e, ok := parseZmpop(c, 1)
	if !ok {
		return
	}
	if served, ok := zmpopServe(c, a, e); ok && !served {
		c.W.NullArray()
	}
}

// zmpopServe pops from the first existing set among a.keys, replying
// [key, [[member, score]...]] and logging "ZPOPMIN/ZPOPMAX key n".
func zmpopServe(c *Ctx, a mpopArgs, e zsetEnd) (served, ok bool) {
	for _, k := range a.keys {
		z, ok := zsetValue(c, c.Str(k))
		if !ok {
			return false, false
		}
		if z == nil {
			continue
		}
		n := zpopServe(c, k, e, a.count, zpopShape{withKey: true, nested: true})
		c.Propagate([]byte(e.command()), c.Args[k], strconv.AppendInt(nil, int64(n), 10))
		return true, true
	}
	return false, true
}
