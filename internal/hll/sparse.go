package hll

import (
	"strconv"
	"strings"
)

func isZero(op byte) bool  { return op&0xc0 == 0x00 }
func isXZero(op byte) bool { return op&0xc0 == 0x40 }
func isVal(op byte) bool   { return op&0x80 != 0 }

func zeroLen(op byte) int { return int(op&0x3f) + 1 }

// xzeroLen reads a two-byte XZERO run; a missing second byte reads as 0,
// as the string terminator does in C.
func xzeroLen(ops []byte, i int) int {
	lo := 0
	if i+1 < len(ops) {
		lo = int(ops[i+1])
	}
	return (int(ops[i]&0x3f)<<8 | lo) + 1
}

func valValue(op byte) uint8 { return (op>>2)&0x1f + 1 }
func valLen(op byte) int     { return int(op&0x3) + 1 }

func valOp(val uint8, run int) byte { return 0x80 | (val-1)<<2 | byte(run-1) }

func appendXZero(b []byte, run int) []byte {
	run--
	return append(b, 0x40|byte(run>>8), byte(run))
}

// appendZeros appends the shortest opcode for run zero registers.
func appendZeros(b []byte, run int) []byte {
	if run > sparseZeroMax {
		return appendXZero(b, run)
	}
	return append(b, byte(run-1))
}

// opAt decodes the opcode at ops[i]: its value (0 for zero runs), run
// length and size in bytes.
func opAt(ops []byte, i int) (val uint8, run, size int) {
	switch op := ops[i]; {
	case isZero(op):
		return 0, zeroLen(op), 1
	case isXZero(op):
		return 0, xzeroLen(ops, i), 2
	default:
		return valValue(op), valLen(op), 1
	}
}

// eachOp calls fn for every opcode until it returns false; it reports
// whether all were visited.
func eachOp(ops []byte, fn func(val uint8, run int) bool) bool {
	for i := 0; i < len(ops); {
		val, run, size := opAt(ops, i)
		if !fn(val, run) {
			return false
		}
		i += size
	}
	return true
}

// sparseHisto fills histo and reports whether the runs cover exactly the
// registers.
func sparseHisto(ops []byte, histo *[64]int) bool {
	n := 0
	eachOp(ops, func(val uint8, run int) bool {
		histo[val] += run
		n += run
		return true
	})
	return n == Registers
}

// sparseSet raises register idx of a sparse value to count, following
// Redis's hllSparseSet step for step so that the opcodes come out the
// same: find the opcode covering idx, split it into at most five bytes,
// then merge equal adjacent VAL opcodes in a small window.
func sparseSet(b []byte, idx int, count uint8, sparseMax int) ([]byte, bool, error) {
	if count > sparseValMax {
		return promote(b, idx, count)
	}
	ops := b[HeaderSize:]
	pos, prev, first, run := -1, -1, 0, 0
	var val uint8
	var size int
	for i := 0; i < len(ops); i += size {
		val, run, size = opAt(ops, i)
		if idx <= first+run-1 {
			pos = i
			break
		}
		prev = i
		first += run
	}
	if pos < 0 || run == 0 {
		return b, false, ErrCorrupt
	}
	op := ops[pos]
	switch {
	case isVal(op) && val >= count:
		return b, false, nil
	case isVal(op) && run == 1, isZero(op) && run == 1:
		ops[pos] = valOp(count, 1)
		return sparseMerge(b, prev), true, nil
	}
	seq := splitOp(op, val, first, first+run-1, idx, count)
	delta := len(seq) - size
	if delta > 0 && len(b)+delta > sparseMax {
		return promote(b, idx, count)
	}
	at := HeaderSize + pos
	nb := make([]byte, 0, len(b)+delta)
	nb = append(nb, b[:at]...)
	nb = append(nb, seq...)
	nb = append(nb, b[at+size:]...)
	return sparseMerge(nb, prev), true, nil
}

// splitOp returns the opcodes replacing op (covering registers first..last
// with value val) once register idx holds count.
func splitOp(op byte, val uint8, first, last, idx int, count uint8) []byte {
	seq := make([]byte, 0, 5)
	if isVal(op) {
		if idx != first {
			seq = append(seq, valOp(val, idx-first))
		}
		seq = append(seq, valOp(count, 1))
		if idx != last {
			seq = append(seq, valOp(val, last-idx))
		}
		return seq
	}
	if idx != first {
		seq = appendZeros(seq, idx-first)
	}
	seq = append(seq, valOp(count, 1))
	if idx != last {
		seq = appendZeros(seq, last-idx)
	}
	return seq
}

// sparseMerge joins adjacent VAL opcodes of equal value, scanning at most
// five opcodes from prev (the opcode before the changed one, or the
// first), and invalidates the cached cardinality.
func sparseMerge(b []byte, prev int) []byte {
	p := HeaderSize
	if prev >= 0 {
		p += prev
	}
	for scan := 5; p < len(b) && scan > 0; scan-- {
		switch {
		case isXZero(b[p]):
			p += 2
			continue
		case isZero(b[p]):
			p++
			continue
		}
		if p+1 < len(b) && isVal(b[p+1]) {
			v1, v2 := valValue(b[p]), valValue(b[p+1])
			n := valLen(b[p]) + valLen(b[p+1])
			if v1 == v2 && n <= sparseValMaxLen {
				b[p+1] = valOp(v1, n)
				b = append(b[:p], b[p+1:]...)
				continue // try again with the merged opcode
			}
		}
		p++
	}
	InvalidateCache(b)
	return b
}

// promote converts to dense and sets the register there.
func promote(b []byte, idx int, count uint8) ([]byte, bool, error) {
	d, err := ToDense(b)
	if err != nil {
		return b, false, err
	}
	denseSet(d[HeaderSize:], idx, count)
	return d, true, nil
}

// Decode renders a sparse value's opcodes as PFDEBUG DECODE does.
func Decode(b []byte) string {
	var sb strings.Builder
	ops := b[HeaderSize:]
	for i := 0; i < len(ops); {
		val, run, size := opAt(ops, i)
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		switch {
		case isZero(ops[i]):
			sb.WriteString("z:" + strconv.Itoa(run))
		case isXZero(ops[i]):
			sb.WriteString("Z:" + strconv.Itoa(run))
		default:
			sb.WriteString("v:" + strconv.Itoa(int(val)) + "," + strconv.Itoa(run))
		}
		i += size
	}
	return sb.String()
}
