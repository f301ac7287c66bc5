package engine

func init() {
	Register(&Command{Name: "bitop", Arity: -4, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 2, LastKey: -1, KeyStep: 1, Group: "bitmap", Since: "2.6.0",
		Summary: "Perform bitwise operations between strings", Run: bitopCommand})
}

// bitopCommand stores AND/OR/XOR/NOT of the source strings (absent keys
// are empty, shorter strings zero padded) and replies with its length. An
// empty result deletes the destination.
func bitopCommand(c *Ctx) {
	op := c.Upper(1)
	switch op {
	case "AND", "OR", "XOR", "NOT":
	default:
		c.W.Error(ErrSyntax)
		return
	}
	if op == "NOT" && len(c.Args) != 4 {
		c.W.Error(ErrBitopNot)
		return
	}
	srcs := make([]string, 0, len(c.Args)-3)
	for i := 3; i < len(c.Args); i++ {
		s, _, ok := c.String(c.Str(i))
		if !ok {
			return
		}
		srcs = append(srcs, s)
	}
	res := bitop(op, srcs)
	dest := c.Str(2)
	switch {
	case len(res) > 0:
		c.DB.Set(c.Key(2), rawStringValue(string(res)))
		c.Notify(NotifyString, "set", dest)
		c.Changed(1)
	case c.DB.Delete(dest):
		c.Notify(NotifyGeneric, "del", dest)
		c.Changed(1)
	}
	c.W.Int(int64(len(res)))
}

func bitop(op string, srcs []string) []byte {
	n := 0
	for _, s := range srcs {
		n = max(n, len(s))
	}
	res := make([]byte, n)
	for j := range res {
		out := byteAt(srcs[0], j)
		if op == "NOT" {
			out = ^out
		}
		for _, s := range srcs[1:] {
			switch op {
			case "AND":
				out &= byteAt(s, j)
			case "OR":
				out |= byteAt(s, j)
			case "XOR":
				out ^= byteAt(s, j)
			}
		}
		res[j] = out
	}
	return res
}

func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}
