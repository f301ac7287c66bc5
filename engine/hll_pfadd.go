package engine

import "github.com/strata-db/strata/internal/hll"

func init() {
	Register(&Command{Name: "pfadd", Arity: -2, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hyperloglog", Since: "2.8.9",
		Summary: "Adds the specified elements to the specified HyperLogLog.", Run: pfaddCommand})
}

// pfaddCommand adds the elements, creating the key (which counts as a
// change even with no elements, as in Redis).
func pfaddCommand(c *Ctx) {
	key := c.Str(1)
	v, ok := hllWriteLookup(c, key)
	if !ok {
		return
	}
	updated := 0
	var b []byte
	if v == nil {
		b = hll.New()
		updated++
	} else {
		b = []byte(v.Str())
	}
	sparseMax := int(c.E.Config().HLLSparseMaxBytes)
	for i := 2; i < len(c.Args); i++ {
		nb, changed, err := hll.Add(b, c.Args[i], sparseMax)
		if err != nil {
			c.W.Error(ErrHLLCorrupt)
			return
		}
		b = nb
		if changed {
			updated++
		}
	}
	if updated == 0 {
		c.W.Int(0)
		return
	}
	hll.InvalidateCache(b)
	hllStore(c, key, b)
	c.Notify(NotifyString, "pfadd", key)
	c.Changed(updated)
	c.W.Int(1)
}
