package engine

func init() {
	Register(&Command{Name: "bitcount", Arity: -2, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "bitmap", Since: "2.6.0",
		Summary: "Count set bits in a string", Run: bitcountCommand})
}

// bitcountCommand counts set bits, over the whole string or a range in
// bytes (default) or bits. As in Redis the key is looked up before the
// range is parsed.
func bitcountCommand(c *Ctx) {
	s, exists, ok := c.String(c.Str(1))
	if !ok {
		return
	}
	if !exists {
		c.W.Int(0)
		return
	}
	start, end := int64(0), int64(-1)
	isBit := false
	switch len(c.Args) {
	case 2:
	case 4, 5:
		if start, ok = c.Int(2); !ok {
			return
		}
		if end, ok = c.Int(3); !ok {
			return
		}
		if start < 0 && end < 0 && start > end {
			c.W.Int(0)
			return
		}
		if isBit, ok = bitUnit(c, 4); !ok {
			return
		}
	default:
		c.W.Error(ErrSyntax)
		return
	}
	lo, hi, ok := bitRange(start, end, int64(len(s)), isBit)
	if !ok {
		c.W.Int(0)
		return
	}
	c.W.Int(popcountBits(s, lo, hi))
}

// bitUnit parses the optional BIT|BYTE argument at i: true for BIT.
func bitUnit(c *Ctx, i int) (isBit, ok bool) {
	switch {
	case i >= len(c.Args) || c.Is(i, "BYTE"):
		return false, true
	case c.Is(i, "BIT"):
		return true, true
	}
	c.W.Error(ErrSyntax)
	return false, false
}
