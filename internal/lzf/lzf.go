// Package lzf implements the LZF compression format as Redis uses it for RDB
// strings. The compressor is our own greedy hash-chain-free matcher; its
// output differs from liblzf's byte for byte, but every LZF decoder accepts it.
//
// Format: a sequence of items, each introduced by a control byte c.
//
//	c = 000LLLLL            literal run: the next c+1 bytes (1..32) are copied
//	c = LLLooooo, LLL 1..6  back-reference: one more byte b; length LLL+2,
//	                        distance ((c&0x1f)<<8 | b) + 1
//	c = 111ooooo            long back-reference: bytes e, b; length e+9,
//	                        distance as above
//
// Distances reach back at most 8192 bytes and may be shorter than the length
// (the copy then repeats bytes it has just produced).
package lzf

import (
	"errors"
	"math"
)

// Errors returned by Decompress.
var (
	ErrCorrupt  = errors.New("lzf: corrupt input")
	ErrTooSmall = errors.New("lzf: output buffer too small")
)

const (
	maxLiteral = 32
	maxOffset  = 1 << 13
	maxRef     = 7 + 255 + 2 // longest back-reference
	hashLog    = 14
)

// Decompress expands src into dst and returns the number of bytes written.
// It fails with ErrTooSmall if the output does not fit and with ErrCorrupt if
// a back-reference points before the start of the output or an item is cut.
func Decompress(dst, src []byte) (int, error) {
	in, out := 0, 0
	for in < len(src) {
		c := int(src[in])
		in++
		if c < 32 {
			n := c + 1
			if in+n > len(src) {
				return out, ErrCorrupt
			}
			if out+n > len(dst) {
				return out, ErrTooSmall
			}
			copy(dst[out:], src[in:in+n])
			in += n
			out += n
			continue
		}
		var err error
		in, out, err = backRef(dst, src, in, out, c)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// backRef expands one back-reference whose control byte c was just read.
func backRef(dst, src []byte, in, out, c int) (int, int, error) {
	n := c >> 5
	if n == 7 {
		if in >= len(src) {
			return in, out, ErrCorrupt
		}
		n += int(src[in])
		in++
	}
	n += 2
	if in >= len(src) {
		return in, out, ErrCorrupt
	}
	from := out - ((c&0x1f)<<8 | int(src[in])) - 1
	in++
	if from < 0 {
		return in, out, ErrCorrupt
	}
	if out+n > len(dst) {
		return in, out, ErrTooSmall
	}
	// NB: byte by byte, because the source may overlap what we write.
	for i := 0; i < n; i++ {
		dst[out+i] = dst[from+i]
	}
	return in, out + n, nil
}

// Compress writes the LZF form of src into dst and returns its length, or 0
// if it does not fit in len(dst) (callers size dst to the largest output
// that is still worth keeping). It sets up a match table per call; code that
// compresses many values keeps a Compressor instead.
func Compress(dst, src []byte) int {
	var c Compressor
	return c.Compress(dst, src)
}

// Compressor compresses many inputs with one match table. The table is
// never cleared: positions are stored offset by a base that moves past
// every input compressed so far, so an entry left by an earlier input reads
// as a position before the current one and is ignored. Clearing 64 KB per
// call cost more than compressing the few hundred bytes of a typical RDB
// value (a hash of 20 fields).
type Compressor struct {
	table [1 << hashLog]int32
	base  int32
}

// Compress is the function Compress, reusing c's table.
func (c *Compressor) Compress(dst, src []byte) int {
	if len(src) >= math.MaxInt32-2*(maxOffset+1) {
		// Positions must fit in an int32 next to the base; nothing this
		// big reaches an RDB string, and 0 means "store it as it is".
		return 0
	}
	if int64(c.base)+int64(len(src))+maxOffset+1 >= math.MaxInt32 {
		c.table = [1 << hashLog]int32{}
		c.base = 0
	}
	if c.base == 0 {
		// A zeroed table holds position 0 everywhere; start above it.
		c.base = maxOffset + 1
	}
	e := encoder{dst: dst, src: src, table: &c.table, base: c.base}
	n := e.run()
	// The next input's positions start beyond every position stored now,
	// and farther than maxOffset from them.
	c.base += int32(len(src)) + maxOffset + 1
	return n
}

type encoder struct {
	dst, src []byte
	out      int
	litStart int // first byte of the pending literal run
	table    *[1 << hashLog]int32
	base     int32 // table entries below base belong to earlier inputs
}

func hash3(p []byte) uint32 {
	v := uint32(p[0])<<16 | uint32(p[1])<<8 | uint32(p[2])
	return (v * 2654435761) >> (32 - hashLog)
}

func (e *encoder) run() int {
	src := e.src
	t := e.table
	i := 0
	for i+2 < len(src) {
		h := hash3(src[i:])
		cand := int(t[h]) - int(e.base)
		t[h] = e.base + int32(i)
		if cand < 0 || i-cand > maxOffset || src[cand] != src[i] ||
			src[cand+1] != src[i+1] || src[cand+2] != src[i+2] {
			i++
			continue
		}
		n := 3
		for n < maxRef && i+n < len(src) && src[cand+n] == src[i+n] {
			n++
		}
		if !e.flushLiterals(i) || !e.emitRef(i-cand-1, n) {
			return 0
		}
		i += n
		e.litStart = i
	}
	if !e.flushLiterals(len(src)) {
		return 0
	}
	return e.out
}

// flushLiterals emits src[litStart:end] as literal runs of up to 32 bytes.
func (e *encoder) flushLiterals(end int) bool {
	for e.litStart < end {
		n := min(end-e.litStart, maxLiteral)
		if e.out+1+n > len(e.dst) {
			return false
		}
		e.dst[e.out] = byte(n - 1)
		copy(e.dst[e.out+1:], e.src[e.litStart:e.litStart+n])
		e.out += 1 + n
		e.litStart += n
	}
	return true
}

// emitRef writes a back-reference of length n (3..264) at distance off+1.
func (e *encoder) emitRef(off, n int) bool {
	n -= 2
	if n < 7 {
		if e.out+2 > len(e.dst) {
			return false
		}
		e.dst[e.out] = byte(n<<5 | off>>8)
		e.dst[e.out+1] = byte(off)
		e.out += 2
		return true
	}
	if e.out+3 > len(e.dst) {
		return false
	}
	e.dst[e.out] = byte(7<<5 | off>>8)
	e.dst[e.out+1] = byte(n - 7)
	e.dst[e.out+2] = byte(off)
	e.out += 3
	return true
}
