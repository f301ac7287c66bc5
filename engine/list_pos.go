package engine

import "bytes"

func init() {
	Register(&Command{Name: "lpos", Arity: -3, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "list", Since: "6.0.6",
		Summary: "Return the index of matching elements on a list", Run: lposCommand})
}

// lposOptions are LPOS's options: count -1 means COUNT was not given.
type lposOptions struct {
	rank, count, maxlen int64
}

func parseLposOptions(c *Ctx) (lposOptions, bool) {
	o := lposOptions{rank: 1, count: -1}
	for i := 3; i < len(c.Args); i++ {
		more := i+1 < len(c.Args)
		switch {
		case c.Is(i, "rank") && more:
			i++
			r, ok := c.Int(i)
			if !ok {
				return o, false
			}
			if r == 0 {
				c.W.Error(ErrLposRank)
				return o, false
			}
			o.rank = r
		case c.Is(i, "count") && more:
			i++
			n, ok := ParseInt(c.Args[i])
			if !ok || n < 0 {
				c.W.Error(ErrLposCount)
				return o, false
			}
			o.count = n
		case c.Is(i, "maxlen") && more:
			i++
			n, ok := ParseInt(c.Args[i])
			if !ok || n < 0 {
				c.W.Error(ErrLposMaxlen)
				return o, false
			}
			o.maxlen = n
		default:
			c.W.Error(ErrSyntax)
			return o, false
		}
	}
	return o, true
}

func lposCommand(c *Ctx) {
	o, ok := parseLposOptions(c)
	if !ok {
		return
	}
	l, ok := readList(c, c.Str(1))
	switch {
	case !ok:
	case l == nil && o.count != -1:
		c.W.Array(0)
	case l == nil:
		c.W.Null()
	default:
		hits := lposMatches(l, c.Args[2], o)
		if o.count != -1 {
			c.W.Array(len(hits))
			for _, h := range hits {
				c.W.Int(int64(h))
			}
		} else if len(hits) > 0 {
			c.W.Int(int64(hits[0]))
		} else {
			c.W.Null()
		}
	}
}

// lposMatches returns the indexes LPOS reports: skipping rank-1 matches,
// up to count of them (all for 0, one when COUNT is absent), scanning at
// most maxlen elements.
func lposMatches(l *List, x []byte, o lposOptions) []int {
	rank, rev, from := o.rank, false, 0
	if rank < 0 {
		// NB: -MinInt64 stays negative, so every match qualifies, as in
		// Redis 7.0.
		rank, rev, from = -rank, true, l.Len()-1
	}
	want := o.count
	if want == -1 {
		want = 1
	}
	var hits []int
	var matches, scanned int64
	l.Range(from, rev, func(i int, v []byte) bool {
		if o.maxlen != 0 && scanned >= o.maxlen {
			return false
		}
		scanned++
		if bytes.Equal(v, x) {
			matches++
			if matches >= rank {
				hits = append(hits, i)
			}
		}
		return want == 0 || int64(len(hits)) < want
	})
	return hits
}
