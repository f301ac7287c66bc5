package engine

import "math/rand/v2"

// The engine's random choices (RANDOMKEY, SPOP, SRANDMEMBER, HRANDFIELD,
// ZRANDMEMBER, eviction sampling) draw from the process-wide source.
// Tests that run two engines through the same commands and compare them
// set testRand to the same seeded source before each engine's turn, so
// both draw the same numbers.
var testRand *rand.Rand

func randIntN(n int) int {
	if testRand != nil {
		return testRand.IntN(n)
	}
	return rand.IntN(n)
}

func randInt64N(n int64) int64 {
	if testRand != nil {
		return testRand.Int64N(n)
	}
	return rand.Int64N(n)
}

func randUint64() uint64 {
	if testRand != nil {
		return testRand.Uint64()
	}
	return rand.Uint64()
}

func randPerm(n int) []int {
	if testRand != nil {
		return testRand.Perm(n)
	}
	return rand.Perm(n)
}
