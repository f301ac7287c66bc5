package hll

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
)

// SelfTest checks the register packing and the estimator the way Redis's
// PFSELFTEST does: random registers must read back, and dense and sparse
// values fed the same elements must agree within the expected error at
// every power of ten up to ten million. It returns the failure as Redis
// words it (without the error prefix), or nil.
func SelfTest(sparseMax int, rnd *rand.Rand) error {
	regs := make([]byte, DenseSize-HeaderSize)
	want := make([]uint8, Registers)
	for cycle := 0; cycle < 1000; cycle++ {
		for i := range want {
			want[i] = uint8(rnd.IntN(regMax + 1))
			denseWrite(regs, i, want[i])
		}
		for i := range want {
			if got := denseGet(regs, i); got != want[i] {
				return fmt.Errorf("TESTFAILED Register %d should be %d but is %d", i, want[i], got)
			}
		}
	}
	return selfTestCount(sparseMax, rnd.Uint64())
}

func selfTestCount(sparseMax int, seed uint64) error {
	dense := make([]byte, DenseSize)
	copy(dense, "HYLL")
	sparse := New()
	relErr := 1.04 / math.Sqrt(Registers)
	checkpoint := uint64(1)
	var ele [8]byte
	for j := uint64(1); j <= 10000000; j++ {
		binary.LittleEndian.PutUint64(ele[:], j^seed)
		idx, count := PatLen(ele[:])
		denseSet(dense[HeaderSize:], idx, count)
		sparse, _, _ = Add(sparse, ele[:], sparseMax)
		if j != checkpoint {
			continue
		}
		if j < uint64(sparseMax/2) && !IsSparse(sparse) {
			return fmt.Errorf("TESTFAILED sparse encoding not used")
		}
		dc, _ := Count(dense)
		sc, _ := Count(sparse)
		if dc != sc {
			return fmt.Errorf("TESTFAILED dense/sparse disagree")
		}
		maxErr := uint64(math.Ceil(relErr * 6 * float64(checkpoint)))
		if j == 10 {
			maxErr = 1
		}
		absErr := int64(checkpoint) - int64(dc)
		if absErr < 0 {
			absErr = -absErr
		}
		if uint64(absErr) > maxErr {
			return fmt.Errorf("TESTFAILED Too big error. card:%d abserr:%d", checkpoint, absErr)
		}
		checkpoint *= 10
	}
	return nil
}
