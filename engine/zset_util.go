package engine

import (
	"strings"

	"github.com/strata-db/strata/internal/ztree"
)

// zsetValue finds key for a write: nil when absent, ok false (WRONGTYPE
// replied) for another type. Counts no keyspace hit or miss, as Redis's
// lookupKeyWrite.
func zsetValue(c *Ctx, key string) (z *ZSet, ok bool) {
	v := c.DB.LookupWrite(key)
	if v == nil {
		return nil, true
	}
	if v.Type() != TypeZSet {
		c.W.Error(ErrWrongType)
		return nil, false
	}
	return v.Obj().(*ZSet), true
}

// ownZSet makes key's sorted set owned by the writer, stores it back and
// marks key modified. REQUIRES: key holds a live sorted set.
func ownZSet(c *Ctx, key string) *ZSet {
	v := c.DB.LookupWrite(key)
	v.setObj(v.Obj().Own(c.Gen()))
	c.DB.Touched(key)
	return v.Obj().(*ZSet)
}

// readZSet looks key up for reading: nil when absent, ok false after a
// WRONGTYPE reply.
func readZSet(c *Ctx, key string) (*ZSet, bool) {
	o, ok := c.Object(key, TypeZSet)
	if o == nil {
		return nil, ok
	}
	return o.(*ZSet), true
}

// zsetEmptied deletes key when z has no members left, with "del".
func zsetEmptied(c *Ctx, key string, z *ZSet) bool {
	if z.Len() == 0 {
		c.DB.Delete(key)
		c.Notify(NotifyGeneric, "del", key)
		return true
	}
	return false
}

// scoreBound is one end of a score range: "(1.5" is exclusive.
type scoreBound struct {
	v    float64
	excl bool
}

// parseScoreBound parses a ZRANGEBYSCORE bound as Redis's zslParseRange.
func parseScoreBound(b []byte) (scoreBound, bool) {
	var sb scoreBound
	if len(b) > 0 && b[0] == '(' {
		sb.excl = true
		b = b[1:]
	}
	v, ok := ParseFloat(b)
	sb.v = v
	return sb, ok
}

// scoreRange finds the ranks [lo, hi) of the members with min <= score <=
// max (bounds possibly exclusive).
func scoreRange(z *ZSet, min, max scoreBound) (lo, hi int) {
	lo = z.search(func(e ZSetEntry) bool {
		return e.Score > min.v || (!min.excl && e.Score == min.v)
	})
	hi = z.search(func(e ZSetEntry) bool {
		return e.Score > max.v || (max.excl && e.Score == max.v)
	})
	return lo, max2(lo, hi)
}

func max2(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// lexBound is one end of a lex range: "-" and "+" are the extremes, "["
// inclusive and "(" exclusive.
type lexBound struct {
	s        string
	excl     bool
	inf, neg bool // "+" (inf) or "-" (inf and neg)
}

// parseLexBound parses a ZRANGEBYLEX bound as Redis's zslParseLexRangeItem.
func parseLexBound(b []byte) (lexBound, bool) {
	if len(b) == 0 {
		return lexBound{}, false
	}
	switch b[0] {
	case '+':
		return lexBound{inf: true}, len(b) == 1
	case '-':
		return lexBound{inf: true, neg: true}, len(b) == 1
	case '(':
		return lexBound{s: string(b[1:]), excl: true}, true
	case '[':
		return lexBound{s: string(b[1:])}, true
	}
	return lexBound{}, false
}

// admitsFrom is the predicate "member is at or past min" for b read as a
// range minimum.
func (b lexBound) admitsFrom(member string) bool {
	switch {
	case b.inf:
		return b.neg
	case b.excl:
		return strings.Compare(member, b.s) > 0
	}
	return strings.Compare(member, b.s) >= 0
}

// beyond is the predicate "member > max".
func (b lexBound) beyond(member string) bool {
	switch {
	case b.inf:
		return b.neg
	case b.excl:
		return strings.Compare(member, b.s) >= 0
	}
	return strings.Compare(member, b.s) > 0
}

// lexRange finds the ranks [lo, hi) of the members between min and max,
// assuming (as Redis does) that all members share one score.
func lexRange(z *ZSet, min, max lexBound) (lo, hi int) {
	lo = z.search(func(e ZSetEntry) bool { return min.admitsFrom(e.Member) })
	hi = z.search(func(e ZSetEntry) bool { return max.beyond(e.Member) })
	return lo, max2(lo, hi)
}

// writeEntries replies with members (and scores when withScores) the way
// ZRANGE does: flat in RESP2, [member, score] pairs in RESP3.
func writeEntries(c *Ctx, items []ztree.Item, withScores bool) {
	if withScores && c.W.Proto == 2 {
		c.W.Array(2 * len(items))
	} else {
		c.W.Array(len(items))
	}
	for _, it := range items {
		writeEntry(c, it, withScores)
	}
}

func writeEntry(c *Ctx, it ztree.Item, withScores bool) {
	if withScores && c.W.Proto > 2 {
		c.W.Array(2)
	}
	c.W.BulkString(it.Member)
	if withScores {
		c.W.Double(it.Score)
	}
}

// zsetItems collects the members of ranks [lo, hi) in order (reversed
// when rev), skipping offset and keeping at most limit (< 0: all).
func zsetItems(z *ZSet, lo, hi int, rev bool, offset, limit int64) []ztree.Item {
	if offset < 0 || int64(hi-lo) <= offset || limit == 0 {
		return nil
	}
	n := int64(hi-lo) - offset
	if limit > 0 && limit < n {
		n = limit
	}
	out := make([]ztree.Item, 0, n)
	from := lo + int(offset)
	if rev {
		from = hi - 1 - int(offset)
	}
	z.Range(from, rev, func(_ int, e ZSetEntry) bool {
		out = append(out, e)
		return int64(len(out)) < n
	})
	return out
}
