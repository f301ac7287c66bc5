package engine

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestBitmapCommands(t *testing.T) {
	runFresh(t, map[string][]step{
		"setbit-getbit": {
			{cmd: "SETBIT k 7 1", want: rInt(0)},
			{cmd: "GET k", want: rBulk("\x01")},
			{cmd: "SETBIT k 7 1", want: rInt(1)},
			{cmd: "SETBIT k 0 1", want: rInt(0)},
			{cmd: "GET k", want: rBulk("\x81")},
			{cmd: "GETBIT k 0", want: rInt(1)},
			{cmd: "GETBIT k 1", want: rInt(0)},
			{cmd: "GETBIT k 100", want: rInt(0)},
			{cmd: "GETBIT nosuch 0", want: rInt(0)},
			{cmd: "SETBIT k -1 1", want: rErr(ErrBitOffset)},
			{cmd: "SETBIT k 4294967296 1", want: rErr(ErrBitOffset)},
			{cmd: "SETBIT k 0 2", want: rErr(ErrBitValue)},
			{cmd: "SETBIT k 0 x", want: rErr(ErrBitValue)},
			{cmd: "GETBIT k x", want: rErr(ErrBitOffset)},
			{cmd: "SET n 1", want: rOK},
			{cmd: "GETBIT n 2", want: rInt(1)}, // "1" is 0x31
			{cmd: "HSET h f v", want: rInt(1)},
			{cmd: "SETBIT h 0 1", want: rErr(ErrWrongType)},
		},
		"bitcount": {
			{cmd: "SET k foobar", want: rOK},
			{cmd: "BITCOUNT k", want: rInt(26)},
			{cmd: "BITCOUNT k 0 0", want: rInt(4)},
			{cmd: "BITCOUNT k 1 1", want: rInt(6)},
			{cmd: "BITCOUNT k 1 1 BYTE", want: rInt(6)},
			{cmd: "BITCOUNT k 5 30 BIT", want: rInt(17)},
			{cmd: "BITCOUNT k -2 -1", want: rInt(7)},
			{cmd: "BITCOUNT k -1 -2", want: rInt(0)},
			{cmd: "BITCOUNT k -1 -2 NOPE", want: rInt(0)},
			{cmd: "BITCOUNT k 0 -1 NOPE", want: rErr(ErrSyntax)},
			{cmd: "BITCOUNT k 0", want: rErr(ErrSyntax)},
			{cmd: "BITCOUNT k a 1", want: rErr(ErrNotInt)},
			{cmd: "BITCOUNT nosuch 0", want: rInt(0)},
			{cmd: "BITCOUNT k 100 200", want: rInt(0)},
		},
		"bitpos": {
			{argv: []string{"SET", "k", "\xff\xf0\x00"}, want: rOK},
			{cmd: "BITPOS k 0", want: rInt(12)},
			{argv: []string{"SET", "k", "\x00\xff\xf0"}, want: rOK},
			{cmd: "BITPOS k 1 0", want: rInt(8)},
			{cmd: "BITPOS k 1 2", want: rInt(16)},
			{cmd: "BITPOS k 1 2 -1 BYTE", want: rInt(16)},
			{cmd: "BITPOS k 1 7 15 BIT", want: rInt(8)},
			{cmd: "BITPOS k 1 7 -3 BIT", want: rInt(8)},
			{cmd: "BITPOS k 2", want: rErr(ErrBitArgument)},
			{cmd: "BITPOS k x", want: rErr(ErrNotInt)},
			{cmd: "BITPOS nosuch 1", want: rInt(-1)},
			{cmd: "BITPOS nosuch 0", want: rInt(0)},
			{argv: []string{"SET", "f", "\xff\xff\xff"}, want: rOK},
			{cmd: "BITPOS f 0", want: rInt(24)},
			{cmd: "BITPOS f 0 1", want: rInt(24)},
			{cmd: "BITPOS f 0 0 -1", want: rInt(-1)},
			{cmd: "BITPOS f 0 0 -1 BIT", want: rInt(-1)},
			{cmd: "BITPOS f 1 0 -1 NOPE", want: rErr(ErrSyntax)},
			{cmd: "BITPOS f 1 5 1", want: rInt(-1)},
			{argv: []string{"SET", "e", ""}, want: rOK},
			{cmd: "BITPOS e 0", want: rInt(-1)},
			{cmd: "BITPOS e 1", want: rInt(-1)},
		},
		"bitop": {
			{cmd: "SET a abc", want: rOK},
			{cmd: "SET b a", want: rOK},
			{cmd: "BITOP AND d a b", want: rInt(3)},
			{cmd: "GET d", want: rBulk("a\x00\x00")},
			{cmd: "BITOP OR d a b", want: rInt(3)},
			{cmd: "GET d", want: rBulk("abc")},
			{cmd: "BITOP XOR d a b", want: rInt(3)},
			{cmd: "GET d", want: rBulk("\x00bc")},
			{cmd: "BITOP NOT d b", want: rInt(1)},
			{cmd: "GET d", want: rBulk("\x9e")},
			{cmd: "BITOP NOT d a b", want: rErr(ErrBitopNot)},
			{cmd: "BITOP NAND d a", want: rErr(ErrSyntax)},
			{cmd: "OBJECT ENCODING d", want: rBulk("raw")},
			{cmd: "BITOP AND d nosuch other", want: rInt(0)},
			{cmd: "EXISTS d", want: rInt(0)},
			{cmd: "HSET h f v", want: rInt(1)},
			{cmd: "BITOP OR d a h", want: rErr(ErrWrongType)},
		},
		"bitfield": {
			{cmd: "BITFIELD k SET i8 0 100 GET i8 0", want: rArr(rInt(0), rInt(100))},
			{cmd: "BITFIELD k INCRBY i8 0 100", want: rArr(rInt(-56))},
			{cmd: "BITFIELD k OVERFLOW SAT INCRBY i8 0 -100", want: rArr(rInt(-128))},
			{cmd: "BITFIELD k OVERFLOW FAIL INCRBY i8 0 -1", want: rArr(rNull)},
			{cmd: "BITFIELD k GET u8 0 GET i8 0", want: rArr(rInt(128), rInt(-128))},
			{cmd: "BITFIELD k SET u4 #1 15 GET u8 0", want: rArr(rInt(0), rInt(143))},
			{cmd: "BITFIELD k OVERFLOW SAT SET u4 0 -1 GET u4 0", want: rArr(rInt(8), rInt(15))},
			{cmd: "BITFIELD k OVERFLOW WRAP INCRBY u2 0 5 GET u2 0", want: rArr(rInt(0), rInt(0))},
			{cmd: "BITFIELD k GET i64 0 GET u63 0", want: rArr(rInt(0x3f<<56), rInt(0x3f<<55))},
			{cmd: "BITFIELD k GET u64 0", want: rErr(ErrBitfieldType)},
			{cmd: "BITFIELD k GET i65 0", want: rErr(ErrBitfieldType)},
			{cmd: "BITFIELD k GET x8 0", want: rErr(ErrBitfieldType)},
			{cmd: "BITFIELD k GET i8 -1", want: rErr(ErrBitOffset)},
			{cmd: "BITFIELD k OVERFLOW NOPE", want: rErr(ErrBitfieldOverflow)},
			{cmd: "BITFIELD k GET i8", want: rErr(ErrSyntax)},
			{cmd: "BITFIELD k SET i8 0 x", want: rErr(ErrNotInt)},
			{cmd: "BITFIELD k", want: rArr()},
			{cmd: "BITFIELD_RO k GET u8 0", want: rArr(rInt(0x3f))},
			{cmd: "BITFIELD_RO k SET u8 0 1", want: rErr(ErrBitfieldRO)},
			{cmd: "BITFIELD nosuch GET u8 0", want: rArr(rInt(0))},
			{cmd: "EXISTS nosuch", want: rInt(0)},
			{cmd: "BITFIELD new OVERFLOW FAIL INCRBY u2 8 9", want: rArr(rNull)},
			{cmd: "STRLEN new", want: rInt(2)},
			{cmd: "SET big 1", want: rOK},
			{cmd: "BITFIELD big OVERFLOW SAT SET i8 0 -9223372036854775808 GET i8 0", want: rArr(rInt(49), rInt(127))},
			{cmd: "BITFIELD big OVERFLOW SAT SET i8 0 -200 GET i8 0", want: rArr(rInt(127), rInt(-128))},
			{cmd: "BITFIELD big SET i64 0 9223372036854775807 INCRBY i64 0 1", want: rArr(rInt(minInt64), rInt(minInt64))},
		},
	})
}

// bitModel is a string kept as a slice of bits, the plain reference the
// bitmap commands are checked against.
type bitModel []int

func modelOf(s string) bitModel {
	m := make(bitModel, len(s)*8)
	for i := range m {
		m[i] = int(s[i/8]>>(7-i%8)) & 1
	}
	return m
}

func (m bitModel) count(lo, hi int64) int64 {
	var n int64
	for i := lo; i <= hi; i++ {
		n += int64(m[i])
	}
	return n
}

func (m bitModel) first(bit int, lo, hi int64) int64 {
	for i := lo; i <= hi; i++ {
		if m[i] == bit {
			return i
		}
	}
	return -1
}

// modelRange is Redis's index arithmetic written out plainly.
func modelRange(start, end, n int64) (int64, int64) {
	if start < 0 {
		start = max(n+start, 0)
	}
	if end < 0 {
		end = max(n+end, 0)
	}
	return start, min(end, n-1)
}

// TestBitcountBitposModel checks BITCOUNT and BITPOS against the bit
// model over random strings and ranges in both units.
func TestBitcountBitposModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(testSeed(t)), 0))
	e, _ := testEngine(t)
	for iter := 0; iter < 3000; iter++ {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = []byte{0, 0xff, byte(rng.IntN(256))}[rng.IntN(3)]
		}
		run(e, "SET", "k", string(b))
		m := modelOf(string(b))
		start, end := int64(rng.IntN(30)-15), int64(rng.IntN(30)-15)
		unit := []string{"BIT", "BYTE"}[rng.IntN(2)]
		n := int64(len(b))
		if unit == "BIT" {
			n *= 8
		}
		lo, hi := modelRange(start, end, n)
		if unit == "BYTE" {
			lo, hi = lo*8, hi*8+7
		}
		s, e2 := strconv.FormatInt(start, 10), strconv.FormatInt(end, 10)
		wantCount := int64(0)
		if lo <= hi && !(start < 0 && end < 0 && start > end) {
			wantCount = m.count(lo, hi)
		}
		if got := run(e, "BITCOUNT", "k", s, e2, unit); got != rInt(wantCount) {
			t.Fatalf("BITCOUNT %q %s %s %s = %q, want %d", b, s, e2, unit, got, wantCount)
		}
		bit := rng.IntN(2)
		wantPos := int64(-1)
		if lo <= hi {
			wantPos = m.first(bit, lo, hi)
		}
		if got := run(e, "BITPOS", "k", strconv.Itoa(bit), s, e2, unit); got != rInt(wantPos) {
			t.Fatalf("BITPOS %q %d %s %s %s = %q, want %d", b, bit, s, e2, unit, got, wantPos)
		}
	}
}

// TestBitfieldModel checks BITFIELD SET/GET/INCRBY with WRAP and SAT on
// random fields against plain big-integer arithmetic.
func TestBitfieldModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(testSeed(t)), 1))
	e, _ := testEngine(t)
	for iter := 0; iter < 3000; iter++ {
		signed := rng.IntN(2) == 0
		width := 1 + rng.IntN(63)
		if signed {
			width = 1 + rng.IntN(64)
		}
		typ := "u" + strconv.Itoa(width)
		lo, hi := int64(0), int64(1)<<width-1
		if signed {
			typ = "i" + strconv.Itoa(width)
			lo, hi = -(int64(1) << (width - 1)), int64(1)<<(width-1)-1
			if width == 64 {
				lo, hi = minInt64, maxInt64
			}
		}
		off := strconv.Itoa(rng.IntN(40))
		start := lo + rng.Int64N(max(hi/2-lo/2, 1))*2
		start = min(max(start, lo), hi)
		run(e, "DEL", "k")
		if got := run(e, "BITFIELD", "k", "SET", typ, off, strconv.FormatInt(start, 10)); got != rArr(rInt(0)) {
			t.Fatalf("SET %s %s %d = %q", typ, off, start, got)
		}
		incr := rng.Int64N(1<<min(width, 62)) - 1<<(min(width, 62)-1)
		sum := start + incr
		overflowed := (incr > 0 && sum < start) || (incr < 0 && sum > start) || sum < lo || sum > hi
		sat := min(max(sum, lo), hi)
		if (incr > 0 && sum < start) || (incr > 0 && sum > hi) {
			sat = hi
		} else if (incr < 0 && sum > start) || (incr < 0 && sum < lo) {
			sat = lo
		}
		got := run(e, "BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", typ, off, strconv.FormatInt(incr, 10))
		if got != rArr(rInt(sat)) {
			t.Fatalf("%s %s: %d + %d SAT = %q, want %d", typ, off, start, incr, got, sat)
		}
		run(e, "BITFIELD", "k", "SET", typ, off, strconv.FormatInt(start, 10))
		want := rArr(rNull)
		if !overflowed {
			want = rArr(rInt(sum))
		}
		if got := run(e, "BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", typ, off, strconv.FormatInt(incr, 10)); got != want {
			t.Fatalf("%s %s: %d + %d FAIL = %q, want %q", typ, off, start, incr, got, want)
		}
	}
}
