// Package hll owns the byte layout of Redis's HyperLogLog values: the
// 16-byte header, the sparse and dense register encodings and the
// cardinality estimator. Values are plain strings that travel between
// servers (RDB, AOF, DUMP), so every change here must leave exactly the
// bytes Redis 7.0 would leave.
//
//	+------+---+-----+----------+---------------------------+
//	| HYLL | E | N/U | Cardin.  | registers...              |
//	+------+---+-----+----------+---------------------------+
//	  4      1   3     8 (LE; top bit of the last byte set = stale)
//
// E is 0 (dense: 16384 registers of 6 bits, least significant bits
// first, 12288 bytes) or 1 (sparse: run-length opcodes).
//
// Sparse opcodes:
//
//	00xxxxxx           ZERO:  1..64 zero registers
//	01xxxxxx yyyyyyyy  XZERO: 1..16384 zero registers (14 bits)
//	1vvvvvxx           VAL:   1..4 registers of value 1..32
//
// Functions take and return byte slices; they never keep them. The
// package is not safe for concurrent use on one slice.
package hll

import (
	"errors"
	"math"
)

const (
	// P is the number of index bits; Registers = 2^P.
	P         = 14
	Registers = 1 << P
	q         = 64 - P
	bits      = 6
	regMax    = 1<<bits - 1
	// HeaderSize is the size of the header before the registers.
	HeaderSize = 16
	// DenseSize is the exact size of a dense value.
	DenseSize = HeaderSize + (Registers*bits+7)/8

	encDense  = 0
	encSparse = 1

	sparseValMax    = 32
	sparseValMaxLen = 4
	sparseZeroMax   = 64
	sparseXZeroMax  = 16384
	hashSeed        = 0xadc83b19
	alphaInf        = 0.721347520444481703680
)

// ErrCorrupt reports a sparse value whose opcodes do not cover exactly
// the register set.
var ErrCorrupt = errors.New("hll: corrupted value")

// New returns an empty sparse value: a header with a valid cached
// cardinality of zero and XZERO opcodes covering every register.
func New() []byte {
	b := make([]byte, HeaderSize, HeaderSize+2)
	copy(b, "HYLL")
	b[4] = encSparse
	for left := Registers; left > 0; left -= sparseXZeroMax {
		b = appendXZero(b, min(left, sparseXZeroMax))
	}
	return b
}

// Valid reports whether b is a HyperLogLog as Redis's isHLLObjectOrReply
// checks it: the magic, a known encoding, and the exact dense size.
func Valid[T ~string | ~[]byte](b T) bool {
	if len(b) < HeaderSize || string(b[:4]) != "HYLL" || b[4] > encSparse {
		return false
	}
	return b[4] != encDense || len(b) == DenseSize
}

// IsSparse reports whether a valid value uses the sparse encoding.
func IsSparse[T ~string | ~[]byte](b T) bool { return b[4] == encSparse }

// CachedCard returns the cached cardinality and whether it is current.
func CachedCard(b []byte) (uint64, bool) {
	if b[15]&0x80 != 0 {
		return 0, false
	}
	var n uint64
	for i := 7; i >= 0; i-- {
		n = n<<8 | uint64(b[8+i])
	}
	return n, true
}

// SetCachedCard stores n as the cached cardinality.
func SetCachedCard(b []byte, n uint64) {
	for i := 0; i < 8; i++ {
		b[8+i] = byte(n >> (8 * i))
	}
}

// InvalidateCache marks the cached cardinality stale.
func InvalidateCache(b []byte) { b[15] |= 0x80 }

// Hash is MurmurHash64A, 64-bit little-endian variant, as Redis uses it.
func Hash(data []byte, seed uint64) uint64 {
	const m = 0xc6a4a7935bd1e995
	const r = 47
	h := seed ^ (uint64(len(data)) * m)
	for len(data) >= 8 {
		k := uint64(data[0]) | uint64(data[1])<<8 | uint64(data[2])<<16 |
			uint64(data[3])<<24 | uint64(data[4])<<32 | uint64(data[5])<<40 |
			uint64(data[6])<<48 | uint64(data[7])<<56
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
		data = data[8:]
	}
	if len(data) > 0 {
		for i := len(data) - 1; i >= 0; i-- {
			h ^= uint64(data[i]) << (8 * i)
		}
		h *= m
	}
	h ^= h >> r
	h *= m
	h ^= h >> r
	return h
}

// PatLen returns the register an element maps to and the length of the
// run of zero bits (plus one) in the rest of its hash.
func PatLen(ele []byte) (index int, count uint8) {
	h := Hash(ele, hashSeed)
	index = int(h & (Registers - 1))
	h >>= P
	h |= 1 << q // bounds the count to q+1
	count = 1
	for bit := uint64(1); h&bit == 0; bit <<= 1 {
		count++
	}
	return index, count
}

// Add adds ele to the value b, which must be Valid. It returns the value
// (possibly reallocated or converted to dense when the sparse form would
// pass sparseMax bytes), whether a register changed, and ErrCorrupt for a
// broken sparse value.
func Add(b, ele []byte, sparseMax int) ([]byte, bool, error) {
	idx, count := PatLen(ele)
	return Set(b, idx, count, sparseMax)
}

// Set raises register idx to count if it is lower (see Add).
func Set(b []byte, idx int, count uint8, sparseMax int) ([]byte, bool, error) {
	if b[4] == encDense {
		return b, denseSet(b[HeaderSize:], idx, count), nil
	}
	return sparseSet(b, idx, count, sparseMax)
}

// Count estimates the cardinality of a valid value with Redis 7.0's
// estimator (Ertl's improved raw estimator). It reports ErrCorrupt for a
// sparse value whose opcodes do not cover exactly the registers.
func Count(b []byte) (uint64, error) {
	var histo [64]int
	if b[4] == encDense {
		denseHisto(b[HeaderSize:], &histo)
	} else if !sparseHisto(b[HeaderSize:], &histo) {
		return 0, ErrCorrupt
	}
	return estimate(&histo), nil
}

// CountRegisters estimates the cardinality of raw registers, one byte
// each (the union of several values).
func CountRegisters(regs []uint8) uint64 {
	var histo [64]int
	for _, r := range regs {
		histo[r]++
	}
	return estimate(&histo)
}

func estimate(histo *[64]int) uint64 {
	m := float64(Registers)
	z := m * tau((m-float64(histo[q+1]))/m)
	for j := q; j >= 1; j-- {
		z += float64(histo[j])
		z *= 0.5
	}
	z += m * sigma(float64(histo[0])/m)
	return uint64(math.Round(alphaInf * m * m / z))
}

func sigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, x
	for {
		x *= x
		prev := z
		z += x * y
		y += y
		if prev == z {
			return z
		}
	}
}

func tau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		prev := z
		y *= 0.5
		z -= (1 - x) * (1 - x) * y
		if prev == z {
			return z / 3
		}
	}
}

// Merge raises each of the registers in max (len Registers) to the value
// in b's register where that is higher.
func Merge(max []uint8, b []byte) error {
	if b[4] == encDense {
		regs := b[HeaderSize:]
		for i := range max {
			max[i] = maxU8(max[i], denseGet(regs, i))
		}
		return nil
	}
	i := 0
	ok := eachOp(b[HeaderSize:], func(val uint8, run int) bool {
		if val > 0 && i+run > Registers {
			return false
		}
		for j := 0; val > 0 && j < run; j++ {
			max[i+j] = maxU8(max[i+j], val)
		}
		i += run
		return true
	})
	if !ok || i != Registers {
		return ErrCorrupt
	}
	return nil
}

func maxU8(a, b uint8) uint8 {
	if a > b {
		return a
	}
	return b
}
