package engine

import "github.com/strata-db/strata/internal/hll"

func init() {
	Register(&Command{Name: "pfcount", Arity: -2, Flags: FlagReadOnly | FlagMayReplicate,
		FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "hyperloglog", Since: "2.8.9",
		Summary: "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
		Run:     pfcountCommand})
}

func pfcountCommand(c *Ctx) {
	if len(c.Args) > 2 {
		pfcountUnion(c)
		return
	}
	key := c.Str(1)
	s, exists, ok := hllLookup(c, key)
	if !ok {
		return
	}
	if !exists {
		c.W.Int(0)
		return
	}
	b := []byte(s)
	if n, fresh := hll.CachedCard(b); fresh {
		c.W.Int(int64(n))
		return
	}
	n, err := hll.Count(b)
	if err != nil {
		c.W.Error(ErrHLLCorrupt)
		return
	}
	// NB: refreshing the cache changes the value, so PFCOUNT is a write
	// here and is logged as itself, as Redis propagates it.
	hll.SetCachedCard(b, n)
	hllStore(c, key, b)
	c.Changed(1)
	c.W.Int(int64(n))
}

// pfcountUnion estimates the union of several keys without changing
// them.
func pfcountUnion(c *Ctx) {
	regs := make([]uint8, hll.Registers)
	for i := 1; i < len(c.Args); i++ {
		s, exists, ok := hllLookup(c, c.Str(i))
		if !ok {
			return
		}
		if !exists {
			continue
		}
		if hll.Merge(regs, []byte(s)) != nil {
			c.W.Error(ErrHLLCorrupt)
			return
		}
	}
	c.W.Int(int64(hll.CountRegisters(regs)))
}
