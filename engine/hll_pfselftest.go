package engine

import (
	"math/rand/v2"

	"github.com/strata-db/strata/internal/hll"
)

func init() {
	Register(&Command{Name: "pfselftest", Arity: 1, Flags: FlagAdmin,
		Group: "hyperloglog", Since: "2.8.9",
		Summary: "An internal command for testing HyperLogLog values", Run: pfselftestCommand})
}

func pfselftestCommand(c *Ctx) {
	// NB: the randomness only picks test data; nothing is stored.
	rnd := rand.New(rand.NewPCG(uint64(c.Now()), 0x9e3779b97f4a7c15))
	if err := hll.SelfTest(int(c.E.Config().HLLSparseMaxBytes), rnd); err != nil {
		c.W.Error(err.Error())
		return
	}
	c.W.OK()
}
