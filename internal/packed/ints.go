package packed

import (
	"encoding/binary"
	"math"
	"sort"
	"strings"
)

// Ints is a packed ascending set of int64s stored at the smallest width (2,
// 4 or 8 bytes) that fits every member, like Redis's intset. The zero value
// is the empty set.
type Ints string

func (p Ints) width() int {
	if p == "" {
		return 2
	}
	return int(p[0])
}

// Len returns the number of members.
func (p Ints) Len() int {
	if p == "" {
		return 0
	}
	return (len(p) - 1) / p.width()
}

// At returns member i (0-based, ascending).
func (p Ints) At(i int) int64 {
	w := p.width()
	s := string(p)[1+i*w:]
	var u uint64
	for k := w - 1; k >= 0; k-- {
		u = u<<8 | uint64(s[k])
	}
	// Sign-extend from w bytes.
	shift := uint(64 - 8*w)
	return int64(u<<shift) >> shift
}

// Search returns the index where v is or would be inserted, and whether it
// is present.
func (p Ints) Search(v int64) (int, bool) {
	n := p.Len()
	i := sort.Search(n, func(i int) bool { return p.At(i) >= v })
	return i, i < n && p.At(i) == v
}

// Contains reports whether v is a member.
func (p Ints) Contains(v int64) bool {
	_, ok := p.Search(v)
	return ok
}

func widthOf(v int64) int {
	switch {
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return 2
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return 4
	}
	return 8
}

// Add returns p with v added, and whether it was new.
func (p Ints) Add(v int64) (Ints, bool) {
	i, found := p.Search(v)
	if found {
		return p, false
	}
	w := max(p.width(), widthOf(v))
	n := p.Len()
	var b strings.Builder
	b.Grow(1 + (n+1)*w)
	b.WriteByte(byte(w))
	var tmp [8]byte
	put := func(x int64) {
		binary.LittleEndian.PutUint64(tmp[:], uint64(x))
		b.Write(tmp[:w])
	}
	for k := 0; k < i; k++ {
		put(p.At(k))
	}
	put(v)
	for k := i; k < n; k++ {
		put(p.At(k))
	}
	return Ints(b.String()), true
}

// Remove returns p without v, and whether v was a member. Like Redis, the
// width never shrinks.
func (p Ints) Remove(v int64) (Ints, bool) {
	i, found := p.Search(v)
	if !found {
		return p, false
	}
	if p.Len() == 1 {
		return "", true
	}
	w := p.width()
	return p[:1+i*w] + p[1+(i+1)*w:], true
}

// Range calls fn with each member in ascending order until it returns false.
func (p Ints) Range(fn func(v int64) bool) {
	for i, n := 0, p.Len(); i < n; i++ {
		if !fn(p.At(i)) {
			return
		}
	}
}

// Bytes is the number of bytes p occupies.
func (p Ints) Bytes() int { return len(p) }

// AppendIntset appends p in Redis's intset layout (RDB_TYPE_SET_INTSET):
// uint32 encoding (bytes per member), uint32 length, members little-endian.
func (p Ints) AppendIntset(dst []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(p.width()))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(p.Len()))
	if p != "" {
		dst = append(dst, p[1:]...)
	}
	return dst
}
