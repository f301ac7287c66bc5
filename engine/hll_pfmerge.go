package engine

import "github.com/strata-db/strata/internal/hll"

func init() {
	Register(&Command{Name: "pfmerge", Arity: -2, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "hyperloglog", Since: "2.8.9",
		Summary: "Merge N different HyperLogLogs into a single one.", Run: pfmergeCommand})
}

// pfmergeCommand sets the destination (argument 1, itself a source) to
// the register-wise maximum of all sources. The destination turns dense
// when any source is dense, as in Redis, so the bytes match.
func pfmergeCommand(c *Ctx) {
	regs := make([]uint8, hll.Registers)
	dense := false
	for i := 1; i < len(c.Args); i++ {
		s, exists, ok := hllLookup(c, c.Str(i))
		if !ok {
			return
		}
		if !exists {
			continue
		}
		dense = dense || !hll.IsSparse(s)
		if hll.Merge(regs, []byte(s)) != nil {
			c.W.Error(ErrHLLCorrupt)
			return
		}
	}
	key := c.Str(1)
	b := hll.New()
	if v := c.DB.LookupWrite(key); v != nil {
		b = []byte(v.Str())
	}
	if dense {
		var err error
		if b, err = hll.ToDense(b); err != nil {
			c.W.Error(ErrHLLCorrupt)
			return
		}
	}
	b = pfmergeApply(c, b, regs)
	hll.InvalidateCache(b)
	hllStore(c, key, b)
	c.Notify(NotifyString, "pfadd", key)
	c.Changed(1)
	c.W.OK()
}

// pfmergeApply raises the destination's registers one by one, so that a
// sparse destination goes through the same opcode edits as in Redis.
func pfmergeApply(c *Ctx, b []byte, regs []uint8) []byte {
	sparseMax := int(c.E.Config().HLLSparseMaxBytes)
	for i, r := range regs {
		if r == 0 {
			continue
		}
		// NB: Redis ignores a failure here; sources were checked above.
		if nb, _, err := hll.Set(b, i, r, sparseMax); err == nil {
			b = nb
		}
	}
	return b
}
