package rdb

import (
	"encoding/binary"
	"math"
)

// lpBuilder appends entries to a listpack the way lpAppend does: elements
// that are canonical decimal int64 text become integers.
type lpBuilder struct {
	b []byte
	n int
}

func newLPBuilder(buf []byte) *lpBuilder {
	l := new(lpBuilder)
	l.reset(buf)
	return l
}

// reset starts a new listpack in buf's memory.
func (l *lpBuilder) reset(buf []byte) {
	l.b, l.n = append(buf[:0], 0, 0, 0, 0, 0, 0), 0
}

// size is the listpack's total size if it were finished now.
func (l *lpBuilder) size() int { return len(l.b) + 1 }

// finish writes the terminator and header and returns the blob, which
// aliases the builder's buffer.
func (l *lpBuilder) finish() []byte {
	l.b = append(l.b, lpEOF)
	binary.LittleEndian.PutUint32(l.b, uint32(len(l.b)))
	binary.LittleEndian.PutUint16(l.b[4:], uint16(min(l.n, lpUnknownCount)))
	return l.b
}

func (l *lpBuilder) appendString(s string) {
	if v, ok := parseCanonicalInt(s, 20); ok {
		l.appendInt(v)
		return
	}
	start := len(l.b)
	switch n := len(s); {
	case n < 64:
		l.b = append(l.b, 0x80|byte(n))
	case n < 4096:
		l.b = append(l.b, 0xE0|byte(n>>8), byte(n))
	default:
		l.b = append(l.b, 0xF0)
		l.b = binary.LittleEndian.AppendUint32(l.b, uint32(n))
	}
	l.b = append(l.b, s...)
	l.appendBacklen(len(l.b) - start)
}

func (l *lpBuilder) appendInt(v int64) {
	start := len(l.b)
	switch {
	case v >= 0 && v <= 127:
		l.b = append(l.b, byte(v))
	case v >= -4096 && v <= 4095:
		u := uint16(v) & 0x1fff
		l.b = append(l.b, 0xC0|byte(u>>8), byte(u))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		l.b = binary.LittleEndian.AppendUint16(append(l.b, 0xF1), uint16(v))
	case v >= -1<<23 && v < 1<<23:
		l.b = append(l.b, 0xF2, byte(v), byte(v>>8), byte(v>>16))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		l.b = binary.LittleEndian.AppendUint32(append(l.b, 0xF3), uint32(v))
	default:
		l.b = binary.LittleEndian.AppendUint64(append(l.b, 0xF4), uint64(v))
	}
	l.appendBacklen(len(l.b) - start)
}

// appendBacklen writes the size s of the entry just appended so that it
// can be read from the right: the last byte holds the low 7 bits, and every
// byte but the leftmost has its high bit set.
func (l *lpBuilder) appendBacklen(s int) {
	n := lpBacklenSize(s)
	for i := n - 1; i >= 0; i-- {
		x := byte(s>>(7*i)) & 0x7f
		if i < n-1 {
			x |= 0x80
		}
		l.b = append(l.b, x)
	}
	l.n++
}

// lpEntrySize is the number of bytes s takes as a listpack entry.
func lpEntrySize(s string) int {
	var n int
	if v, ok := parseCanonicalInt(s, 20); ok {
		n = lpIntSize(v)
	} else {
		switch l := len(s); {
		case l < 64:
			n = 1 + l
		case l < 4096:
			n = 2 + l
		default:
			n = 5 + l
		}
	}
	return n + lpBacklenSize(n)
}

func lpIntSize(v int64) int {
	switch {
	case v >= 0 && v <= 127:
		return 1
	case v >= -4096 && v <= 4095:
		return 2
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return 3
	case v >= -1<<23 && v < 1<<23:
		return 4
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return 5
	}
	return 9
}

// parseCanonicalInt accepts what Redis's string2ll accepts: optional '-',
// no leading zeros, no '+', no spaces, "-0" rejected, at most maxLen bytes,
// and the value must fit int64.
func parseCanonicalInt[T string | []byte](s T, maxLen int) (int64, bool) {
	if len(s) == 0 || len(s) > maxLen {
		return 0, false
	}
	if len(s) == 1 && s[0] == '0' {
		return 0, true
	}
	neg := s[0] == '-'
	d := s
	if neg {
		d = s[1:]
	}
	if len(d) == 0 || d[0] < '1' || d[0] > '9' {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if v > (math.MaxUint64-9)/10 {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}
