package engine

func init() {
	Register(&Command{Name: "lcs", Arity: -3, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "string", Since: "7.0.0",
		Summary: "Find longest common substring", Run: lcsCommand})
}

// lcsOptions are LCS's options after parsing.
type lcsOptions struct {
	getLen, getIdx, withMatchLen bool
	minMatchLen                  int64
}

func parseLCSOptions(c *Ctx) (lcsOptions, bool) {
	var o lcsOptions
	for i := 3; i < len(c.Args); i++ {
		switch {
		case c.Is(i, "IDX"):
			o.getIdx = true
		case c.Is(i, "LEN"):
			o.getLen = true
		case c.Is(i, "WITHMATCHLEN"):
			o.withMatchLen = true
		case c.Is(i, "MINMATCHLEN") && i+1 < len(c.Args):
			n, ok := c.Int(i + 1)
			if !ok {
				return o, false
			}
			o.minMatchLen = max(n, 0)
			i++
		default:
			c.W.Error(ErrSyntax)
			return o, false
		}
	}
	if o.getLen && o.getIdx {
		c.W.Error(ErrLCSLenAndIdx)
		return o, false
	}
	return o, true
}

// lcsCommand finds the longest common subsequence of two strings (absent
// keys are empty) with the classic dynamic programming table.
func lcsCommand(c *Ctx) {
	a, aok := lcsString(c, c.Str(1))
	b, bok := lcsString(c, c.Str(2))
	if !aok || !bok {
		c.W.Error(ErrLCSNotString)
		return
	}
	o, ok := parseLCSOptions(c)
	if !ok {
		return
	}
	if int64(len(a)) >= 1<<32-2 || int64(len(b)) >= 1<<32-2 {
		c.W.Error(ErrLCSTooLong)
		return
	}
	if cells := int64(len(a)+1) * int64(len(b)+1); cells*4 > c.E.opts.Config.ProtoMaxBulkLen {
		c.W.Error(ErrLCSMemory)
		return
	}
	t := lcsTable(a, b)
	switch {
	case o.getIdx:
		lcsReplyMatches(c, a, b, t, o)
	case o.getLen:
		c.W.Int(int64(t.at(len(a), len(b))))
	default:
		c.W.BulkString(lcsWalk(a, b, t, nil))
	}
}

// lcsString returns key's string ("" when absent); ok is false for a
// collection.
func lcsString(c *Ctx, key string) (string, bool) {
	v := c.DB.Lookup(key)
	if v == nil {
		return "", true
	}
	return v.Str(), v.Obj() == nil
}

// lcsTab holds LCS lengths: at(i, j) is the LCS length of a[:i], b[:j].
type lcsTab struct {
	cells []uint32
	width int
}

func (t *lcsTab) at(i, j int) uint32 { return t.cells[i*t.width+j] }

func lcsTable(a, b string) *lcsTab {
	t := &lcsTab{cells: make([]uint32, (len(a)+1)*(len(b)+1)), width: len(b) + 1}
	for i := 1; i <= len(a); i++ {
		row, prev := t.cells[i*t.width:], t.cells[(i-1)*t.width:]
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				row[j] = prev[j-1] + 1
			} else {
				row[j] = max(prev[j], row[j-1])
			}
		}
	}
	return t
}

// lcsRange is one run of matching bytes: a[aStart..aEnd] equals
// b[bStart..bEnd] (inclusive).
type lcsRange struct{ aStart, aEnd, bStart, bEnd int }

// lcsWalk walks the table back from the end, building the LCS string and
// calling emit for every maximal run of matches, from the end of the
// strings towards their start (the order Redis reports them).
func lcsWalk(a, b string, t *lcsTab, emit func(r lcsRange)) string {
	out := make([]byte, t.at(len(a), len(b)))
	k := len(out)
	var cur lcsRange
	inRun := false
	for i, j := len(a), len(b); i > 0 && j > 0; {
		if a[i-1] == b[j-1] {
			k--
			out[k] = a[i-1]
			if !inRun {
				cur, inRun = lcsRange{i - 1, i - 1, j - 1, j - 1}, true
			} else {
				cur.aStart, cur.bStart = i-1, j-1
			}
			i, j = i-1, j-1
			if (i == 0 || j == 0) && emit != nil {
				emit(cur)
			}
			continue
		}
		if t.at(i-1, j) > t.at(i, j-1) {
			i--
		} else {
			j--
		}
		if inRun && emit != nil {
			emit(cur)
		}
		inRun = false
	}
	return string(out)
}

// lcsReplyMatches writes LCS IDX's map: the matched ranges (those at
// least MINMATCHLEN long) and the LCS length.
func lcsReplyMatches(c *Ctx, a, b string, t *lcsTab, o lcsOptions) {
	var ranges []lcsRange
	lcsWalk(a, b, t, func(r lcsRange) {
		if n := r.aEnd - r.aStart + 1; int64(n) >= o.minMatchLen {
			ranges = append(ranges, r)
		}
	})
	c.W.Map(2)
	c.W.BulkString("matches")
	c.W.Array(len(ranges))
	for _, r := range ranges {
		if o.withMatchLen {
			c.W.Array(3)
		} else {
			c.W.Array(2)
		}
		c.W.Array(2)
		c.W.Int(int64(r.aStart))
		c.W.Int(int64(r.aEnd))
		c.W.Array(2)
		c.W.Int(int64(r.bStart))
		c.W.Int(int64(r.bEnd))
		if o.withMatchLen {
			c.W.Int(int64(r.aEnd - r.aStart + 1))
		}
	}
	c.W.BulkString("len")
	c.W.Int(int64(t.at(len(a), len(b))))
}
