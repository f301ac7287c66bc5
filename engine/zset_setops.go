package engine

import (
	"fmt"
	"math"
	"sort"

	"github.com/strata-db/strata/internal/ztree"
)

func init() {
	type def struct {
		name, since, summary string
		op                   zsetOp
		store, card          bool
	}
	for _, d := range []def{
		{"zunion", "6.2.0", "Add multiple sorted sets", zsetUnion, false, false},
		{"zinter", "6.2.0", "Intersect multiple sorted sets", zsetInter, false, false},
		{"zdiff", "6.2.0", "Subtract multiple sorted sets", zsetDiff, false, false},
		{"zintercard", "7.0.0", "Intersect multiple sorted sets and return the cardinality of the result", zsetInter, false, true},
		{"zunionstore", "2.0.0", "Add multiple sorted sets and store the resulting sorted set in a new key", zsetUnion, true, false},
		{"zinterstore", "2.0.0", "Intersect multiple sorted sets and store the resulting sorted set in a new key", zsetInter, true, false},
		{"zdiffstore", "6.2.0", "Subtract multiple sorted sets and store the resulting sorted set in a new key", zsetDiff, true, false},
	} {
		d := d
		cmd := &Command{Name: d.name, Arity: -3, Flags: FlagReadOnly | FlagMovableKeys,
			Keys: numkeysKeys(1), Group: "sorted-set", Since: d.since, Summary: d.summary,
			Run: func(c *Ctx) { zsetOpCommand(c, d.op, d.store, d.card) }}
		if d.store {
			cmd.Arity, cmd.Flags = -4, FlagWrite|FlagDenyOOM|FlagMovableKeys
			cmd.Keys = storeKeys
		}
		Register(cmd)
	}
}

// storeKeys is the key spec of the *STORE commands: the destination, then
// numkeys source keys.
func storeKeys(args [][]byte) []int {
	src := numkeysKeys(2)(args)
	if len(args) < 2 {
		return nil
	}
	return append([]int{1}, src...)
}

type zsetOp int

const (
	zsetUnion zsetOp = iota
	zsetInter
	zsetDiff
)

var zsetOpEvents = [...]string{"zunionstore", "zinterstore", "zdiffstore"}

type aggregate int

const (
	aggSum aggregate = iota
	aggMin
	aggMax
)

// plainSet is what a SET value offers to the sorted set operations, which
// take sets as sorted sets whose scores are all 1.
type plainSet interface {
	Object
	Range(fn func(m string) bool)
	Contains(m string) bool
}

// zsrc is one input of a set operation.
type zsrc struct {
	z      *ZSet
	set    plainSet
	weight float64
}

func (s *zsrc) len() int {
	switch {
	case s.z != nil:
		return s.z.Len()
	case s.set != nil:
		return s.set.Len()
	}
	return 0
}

func (s *zsrc) each(fn func(member string, score float64) bool) {
	switch {
	case s.z != nil:
		s.z.Range(0, false, func(_ int, e ZSetEntry) bool { return fn(e.Member, e.Score) })
	case s.set != nil:
		s.set.Range(func(m string) bool { return fn(m, 1) })
	}
}

func (s *zsrc) find(member string) (float64, bool) {
	switch {
	case s.z != nil:
		return s.z.Score(member)
	case s.set != nil && s.set.Contains(member):
		return 1, true
	}
	return 0, false
}

// zsetOpArgs is a parsed ZUNION/ZINTER/ZDIFF(STORE)/ZINTERCARD request.
type zsetOpArgs struct {
	srcs       []zsrc
	agg        aggregate
	withScores bool
	limit      int64
}

func parseZsetOp(c *Ctx, numkeysAt int, op zsetOp, store, card bool) (zsetOpArgs, bool) {
	var a zsetOpArgs
	n, ok := c.Int(numkeysAt)
	if !ok {
		return a, false
	}
	if n < 1 {
		c.W.Error(fmt.Sprintf(ErrZNumkeysSet, c.Cmd.Name))
		return a, false
	}
	if n > int64(len(c.Args)-numkeysAt-1) {
		c.W.Error(ErrSyntax)
		return a, false
	}
	j := numkeysAt + 1
	for i := 0; i < int(n); i, j = i+1, j+1 {
		s, ok := zsetOpSource(c, j)
		if !ok {
			return a, false
		}
		a.srcs = append(a.srcs, s)
	}
	return a, a.parseOptions(c, j, op, store, card)
}

// zsetOpSource looks up input key argument j: a sorted set, a set, or
// nothing.
func zsetOpSource(c *Ctx, j int) (zsrc, bool) {
	s := zsrc{weight: 1}
	v := c.DB.Lookup(c.Str(j))
	if v == nil {
		return s, true
	}
	switch o := v.Obj().(type) {
	case *ZSet:
		s.z = o
	case plainSet:
		if o.Type() == TypeSet {
			s.set = o
			return s, true
		}
		c.W.Error(ErrWrongType)
		return s, false
	default:
		c.W.Error(ErrWrongType)
		return s, false
	}
	return s, true
}

func (a *zsetOpArgs) parseOptions(c *Ctx, j int, op zsetOp, store, card bool) bool {
	for j < len(c.Args) {
		left := len(c.Args) - j
		switch {
		case op != zsetDiff && !card && left >= len(a.srcs)+1 && c.Is(j, "weights"):
			j++
			for i := range a.srcs {
				w, ok := ParseFloat(c.Args[j])
				if !ok {
					c.W.Error(ErrZWeights)
					return false
				}
				a.srcs[i].weight = w
				j++
			}
		case op != zsetDiff && !card && left >= 2 && c.Is(j, "aggregate"):
			switch {
			case c.Is(j+1, "sum"):
				a.agg = aggSum
			case c.Is(j+1, "min"):
				a.agg = aggMin
			case c.Is(j+1, "max"):
				a.agg = aggMax
			default:
				c.W.Error(ErrSyntax)
				return false
			}
			j += 2
		case !store && !card && c.Is(j, "withscores"):
			a.withScores = true
			j++
		case card && left >= 2 && c.Is(j, "limit"):
			n, ok := ParseInt(c.Args[j+1])
			if !ok || n < 0 {
				c.W.Error(ErrZLimitNeg)
				return false
			}
			a.limit = n
			j += 2
		default:
			c.W.Error(ErrSyntax)
			return false
		}
	}
	return true
}

func zsetOpCommand(c *Ctx, op zsetOp, store, card bool) {
	numkeysAt := 1
	if store {
		numkeysAt = 2
	}
	a, ok := parseZsetOp(c, numkeysAt, op, store, card)
	if !ok {
		return
	}
	if op != zsetDiff {
		// Smallest input first: intersections probe the others with it.
		sort.SliceStable(a.srcs, func(i, j int) bool { return a.srcs[i].len() < a.srcs[j].len() })
	}
	if card {
		c.W.Int(a.interCard())
		return
	}
	var items []ztree.Item
	switch op {
	case zsetUnion:
		items = a.union()
	case zsetInter:
		items = a.inter()
	default:
		items = a.diff()
	}
	sort.Slice(items, func(i, j int) bool { return ztree.Less(items[i], items[j]) })
	if store {
		zsetStore(c, 1, items, zsetOpEvents[op])
		return
	}
	writeEntries(c, items, a.withScores)
}

// weighted multiplies, turning the NaN of 0 * inf into 0 as Redis does.
func weighted(score, w float64) float64 {
	v := score * w
	if math.IsNaN(v) {
		return 0
	}
	return v
}

func (a *zsetOpArgs) aggregate(acc, v float64) float64 {
	switch a.agg {
	case aggMin:
		return math.Min(acc, v)
	case aggMax:
		return math.Max(acc, v)
	}
	if s := acc + v; !math.IsNaN(s) {
		return s
	}
	return 0
}

func (a *zsetOpArgs) union() []ztree.Item {
	acc := map[string]float64{}
	var order []string
	for i := range a.srcs {
		s := &a.srcs[i]
		s.each(func(m string, score float64) bool {
			v := weighted(score, s.weight)
			if old, ok := acc[m]; ok {
				acc[m] = a.aggregate(old, v)
			} else {
				acc[m] = v
				order = append(order, m)
			}
			return true
		})
	}
	items := make([]ztree.Item, 0, len(order))
	for _, m := range order {
		items = append(items, ztree.Item{Score: acc[m], Member: m})
	}
	return items
}

// interEach calls fn with every member of the intersection and its
// aggregated score, until fn returns false.
func (a *zsetOpArgs) interEach(fn func(m string, score float64) bool) {
	first := &a.srcs[0]
	first.each(func(m string, score float64) bool {
		acc := weighted(score, first.weight)
		for j := 1; j < len(a.srcs); j++ {
			v, ok := a.srcs[j].find(m)
			if !ok {
				return true
			}
			acc = a.aggregate(acc, weighted(v, a.srcs[j].weight))
		}
		return fn(m, acc)
	})
}

func (a *zsetOpArgs) inter() []ztree.Item {
	var items []ztree.Item
	a.interEach(func(m string, score float64) bool {
		items = append(items, ztree.Item{Score: score, Member: m})
		return true
	})
	return items
}

func (a *zsetOpArgs) interCard() int64 {
	var n int64
	a.interEach(func(string, float64) bool {
		n++
		return a.limit == 0 || n < a.limit
	})
	return n
}

func (a *zsetOpArgs) diff() []ztree.Item {
	var items []ztree.Item
	a.srcs[0].each(func(m string, score float64) bool {
		for j := 1; j < len(a.srcs); j++ {
			if _, ok := a.srcs[j].find(m); ok {
				return true
			}
		}
		items = append(items, ztree.Item{Score: score, Member: m})
		return true
	})
	return items
}
