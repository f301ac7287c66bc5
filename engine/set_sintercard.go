package engine

import "math"

func init() {
	Register(&Command{Name: "sintercard", Arity: -3, Flags: FlagReadOnly,
		Keys: sintercardKeys, Group: "set", Since: "7.0.0",
		Summary: "Intersect multiple sets and return the cardinality of the result", Run: sintercardCommand})
}

// sintercardKeys finds the numkeys keys after the count at argument 1.
func sintercardKeys(args [][]byte) []int {
	n, ok := ParseInt(args[1])
	if !ok || n < 1 || n > int64(len(args)-2) {
		return nil
	}
	out := make([]int, n)
	for i := range out {
		out[i] = 2 + i
	}
	return out
}

func sintercardCommand(c *Ctx) {
	n, ok := ParseInt(c.Args[1])
	if !ok || n < 1 {
		c.W.Error(ErrNumkeys)
		return
	}
	if n > int64(len(c.Args)-2) {
		c.W.Error(ErrNumkeysTooMany)
		return
	}
	numkeys, limit := int(n), int64(0)
	for i := 2 + numkeys; i < len(c.Args); i++ {
		if !c.Is(i, "limit") || i+1 >= len(c.Args) {
			c.W.Error(ErrSyntax)
			return
		}
		i++
		if limit, ok = ParseInt(c.Args[i]); !ok || limit < 0 {
			c.W.Error(ErrLimitNegative)
			return
		}
	}
	sinterGeneric(c, 2, 2+numkeys, 0, true, int(min(limit, math.MaxInt32)))
}
