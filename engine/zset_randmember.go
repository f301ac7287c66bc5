package engine

import (
	"math"
)

func init() {
	Register(&Command{Name: "zrandmember", Arity: -2, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "6.2.0",
		Summary: "Get one or multiple random elements from a sorted set", Run: zrandmemberCommand})
}

func zrandmemberCommand(c *Ctx) {
	if len(c.Args) == 2 {
		z, ok := readZSet(c, c.Str(1))
		switch {
		case !ok:
		case z == nil:
			c.W.Null()
		default:
			c.W.BulkString(z.At(randIntN(z.Len())).Member)
		}
		return
	}
	n, ok := c.Int(2)
	if !ok {
		return
	}
	if n == math.MinInt64 {
		c.W.Error(ErrZRandBounds)
		return
	}
	withScores := false
	if len(c.Args) > 4 || (len(c.Args) == 4 && !c.Is(3, "withscores")) {
		c.W.Error(ErrSyntax)
		return
	}
	if len(c.Args) == 4 {
		withScores = true
		if n < -math.MaxInt64/2 || n > math.MaxInt64/2 {
			c.W.Error(ErrZRandRange)
			return
		}
	}
	z, ok := readZSet(c, c.Str(1))
	switch {
	case !ok:
	case z == nil || n == 0:
		c.W.Array(0)
	default:
		zrandmemberCount(c, z, n, withScores)
	}
}

// zrandmemberCount replies with |n| random members: distinct ones for
// n > 0 (at most the whole set), possibly repeated ones for n < 0. Ranks
// make a uniform pick O(log n) even for big sets.
func zrandmemberCount(c *Ctx, z *ZSet, n int64, withScores bool) {
	size := z.Len()
	count := n
	if n < 0 {
		count = -n
	} else if n > int64(size) {
		count = int64(size)
	}
	if withScores && c.W.Proto == 2 {
		c.W.Array(int(2 * count))
	} else {
		c.W.Array(int(count))
	}
	switch {
	case n < 0:
		// Repeats allowed: stream the picks, a huge count costs no memory.
		for i := int64(0); i < count; i++ {
			writeEntry(c, z.At(randIntN(size)), withScores)
		}
	case count == int64(size):
		z.Range(0, false, func(_ int, e ZSetEntry) bool {
			writeEntry(c, e, withScores)
			return true
		})
	default:
		for _, r := range distinctRanks(size, int(count)) {
			writeEntry(c, z.At(r), withScores)
		}
	}
}

// distinctRanks picks k distinct ranks out of n uniformly.
func distinctRanks(n, k int) []int {
	if k*3 > n {
		all := randPerm(n)
		return all[:k]
	}
	seen := make(map[int]struct{}, k)
	out := make([]int, 0, k)
	for len(out) < k {
		r := randIntN(n)
		if _, dup := seen[r]; !dup {
			seen[r] = struct{}{}
			out = append(out, r)
		}
	}
	return out
}
