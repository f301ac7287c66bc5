package engine

import (
	"fmt"

	"github.com/strata-db/strata/internal/hll"
)

func init() {
	Register(&Command{Name: "pfdebug", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagAdmin,
		FirstKey: 2, LastKey: 2, KeyStep: 1, Group: "hyperloglog", Since: "2.8.9",
		Summary: "Internal commands for debugging HyperLogLog values", Run: pfdebugCommand})
}

// pfdebugCommand: GETREG, DECODE, ENCODING, TODENSE on an existing HLL.
func pfdebugCommand(c *Ctx) {
	key := c.Str(2)
	v, ok := hllWriteLookup(c, key)
	if !ok {
		return
	}
	if v == nil {
		c.W.Error(ErrPFDebugNoKey)
		return
	}
	b := []byte(v.Str())
	switch sub := c.Str(1); {
	case c.Is(1, "getreg"):
		pfdebugGetreg(c, key, b)
	case c.Is(1, "decode"):
		if !hll.IsSparse(b) {
			c.W.Error(ErrPFDebugNotSparse)
			return
		}
		c.W.BulkString(hll.Decode(b))
	case c.Is(1, "encoding"):
		c.W.Simple(map[bool]string{true: "sparse", false: "dense"}[hll.IsSparse(b)])
	case c.Is(1, "todense"):
		if n := pfdebugToDense(c, key, b); n >= 0 {
			c.W.Int(int64(n))
		}
	default:
		c.W.Error(fmt.Sprintf(ErrPFDebugUnknown, sub))
	}
}

// pfdebugToDense converts key's value in place; it returns 1 when it did,
// 0 when it was dense already, -1 after an error reply. The conversion
// counts as a change so that it is logged (replicas convert too).
func pfdebugToDense(c *Ctx, key string, b []byte) int {
	if !hll.IsSparse(b) {
		return 0
	}
	d, err := hll.ToDense(b)
	if err != nil {
		c.W.Error(ErrHLLCorrupt)
		return -1
	}
	hllStore(c, key, d)
	c.Changed(1)
	return 1
}

func pfdebugGetreg(c *Ctx, key string, b []byte) {
	if hll.IsSparse(b) {
		d, err := hll.ToDense(b)
		if err != nil {
			c.W.Error(ErrHLLCorrupt)
			return
		}
		hllStore(c, key, d)
		c.Changed(1)
		b = d
	}
	regs, _ := hll.DenseRegisters(b)
	c.W.Array(len(regs))
	for _, r := range regs {
		c.W.Int(int64(r))
	}
}
