package engine

import (
	"math"
	"strings"
)

func init() {
	Register(&Command{Name: "hrandfield", Arity: -2, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "6.2.0",
		Summary: "Get one or multiple random fields from a hash", Run: hrandfieldCommand})
}

// hrandfieldCommand is read-only, so its random picks need no logging.
func hrandfieldCommand(c *Ctx) {
	if len(c.Args) >= 3 {
		hrandfieldCount(c)
		return
	}
	h, ok := c.readHash(c.Str(1))
	switch {
	case !ok:
	case h == nil:
		c.W.Null()
	default:
		c.W.BulkString(h.randomPair()[0])
	}
}

// randomCount parses argument i as SRANDMEMBER's and HRANDFIELD's count:
// any long but LONG_MIN.
func randomCount(c *Ctx, i int) (int64, bool) {
	n, ok := c.Int(i)
	if ok && n == math.MinInt64 {
		c.W.Error(ErrRangeBetween(-math.MaxInt64, math.MaxInt64))
		return 0, false
	}
	return n, ok
}

func hrandfieldCount(c *Ctx) {
	l, ok := randomCount(c, 2)
	if !ok {
		return
	}
	withValues := len(c.Args) == 4
	if len(c.Args) > 4 || (withValues && !strings.EqualFold(c.Str(3), "withvalues")) {
		c.W.Error(ErrSyntax)
		return
	}
	if withValues && (l < -math.MaxInt64/2 || l > math.MaxInt64/2) {
		c.W.Error(ErrValueRange)
		return
	}
	h, ok := c.readHash(c.Str(1))
	if !ok {
		return
	}
	if h == nil || l == 0 {
		c.W.Array(0)
		return
	}
	count, repeat := int(l), l < 0
	if repeat {
		count = -count
	}
	n := count
	if !repeat {
		n = min(count, h.Len())
	}
	if withValues && c.W.Proto == 2 {
		c.W.Array(2 * n)
	} else {
		c.W.Array(n)
	}
	drawRandom(h.Len(), count, repeat || count == 1, h.pairs, h.randomPair, func(p [2]string) {
		if !withValues {
			c.W.BulkString(p[0])
			return
		}
		if c.W.Proto == 3 {
			c.W.Array(2)
		}
		c.W.BulkString(p[0])
		c.W.BulkString(p[1])
	})
}
