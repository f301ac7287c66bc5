package engine

func init() {
	Register(&Command{Name: "bitpos", Arity: -3, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "bitmap", Since: "2.8.7",
		Summary: "Find first bit set or clear in a string", Run: bitposCommand})
}

// bitposCommand finds the first bit with the given value. An absent key
// is an endless run of zeros. Looking for 0 without an explicit end
// treats the string as zero padded on the right.
func bitposCommand(c *Ctx) {
	bit, ok := c.Int(2)
	if !ok {
		return
	}
	if bit != 0 && bit != 1 {
		c.W.Error(ErrBitArgument)
		return
	}
	s, exists, ok := c.String(c.Str(1))
	if !ok {
		return
	}
	if !exists {
		c.W.Int(-bit) // 0 for a clear bit, -1 for a set one
		return
	}
	lo, hi, endGiven, ok := bitposRange(c, int64(len(s)))
	if !ok {
		return
	}
	if lo > hi {
		c.W.Int(-1)
		return
	}
	pos := findBit(s, int(bit), lo, hi)
	if pos == -1 && bit == 0 && !endGiven {
		pos = hi + 1
	}
	c.W.Int(pos)
}

// bitposRange parses BITPOS's optional start, end and unit into an
// inclusive bit range (lo > hi when empty).
func bitposRange(c *Ctx, n int64) (lo, hi int64, endGiven, ok bool) {
	start, end := int64(0), int64(-1)
	isBit := false
	switch len(c.Args) {
	case 3:
	case 4, 5, 6:
		if start, ok = c.Int(3); !ok {
			return 0, 0, false, false
		}
		if len(c.Args) == 6 {
			if isBit, ok = bitUnit(c, 5); !ok {
				return 0, 0, false, false
			}
		}
		if endGiven = len(c.Args) >= 5; endGiven {
			if end, ok = c.Int(4); !ok {
				return 0, 0, false, false
			}
		}
	default:
		c.W.Error(ErrSyntax)
		return 0, 0, false, false
	}
	lo, hi, ok = bitRange(start, end, n, isBit)
	if !ok {
		return 1, 0, endGiven, true
	}
	return lo, hi, endGiven, true
}
