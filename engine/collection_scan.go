package engine

import (
	"math"
	"strconv"
)

// scanOptions are HSCAN/SSCAN's COUNT and MATCH.
type scanOptions struct {
	count   int
	pattern string
	match   bool // false when there is no pattern or it is "*"
}

// parseScanCursor reads argument i as a SCAN cursor (see ParseCursor),
// replying with Redis's error when it is not one.
func parseScanCursor(c *Ctx, i int) (uint64, bool) {
	u, ok := ParseCursor(c.Args[i])
	if !ok {
		c.W.Error(ErrInvalidCursor)
	}
	return u, ok
}

// parseScanOptions parses COUNT and MATCH from argument from on.
func parseScanOptions(c *Ctx, from int) (scanOptions, bool) {
	o := scanOptions{count: 10}
	for i := from; i < len(c.Args); i += 2 {
		more := i+1 < len(c.Args)
		switch {
		case more && c.Is(i, "count"):
			n, ok := c.Int(i + 1)
			if !ok {
				return o, false
			}
			if n < 1 {
				c.W.Error(ErrSyntax)
				return o, false
			}
			o.count = int(min(n, math.MaxInt32))
		case more && c.Is(i, "match"):
			o.pattern = c.Str(i + 1)
			o.match = o.pattern != "*"
		default:
			c.W.Error(ErrSyntax)
			return o, false
		}
	}
	return o, true
}

func (o *scanOptions) keep(s string) bool {
	return !o.match || GlobMatch(o.pattern, s, false)
}

// replyScan writes a SCAN-family reply: the next cursor and the items.
func replyScan(c *Ctx, cursor uint64, items []string) {
	c.W.Array(2)
	var b [20]byte
	c.W.Bulk(strconv.AppendUint(b[:0], cursor, 10))
	c.W.StringArray(items)
}
