package packed

import (
	"encoding/binary"
	"unsafe"
)

// Strings is a packed sequence of byte strings (see the package doc). The
// zero value is the empty sequence.
type Strings string

// Len returns the number of elements.
func (p Strings) Len() int {
	if p == "" {
		return 0
	}
	n, _ := uvarint(string(p), 0)
	return n
}

// first returns the offset of the first element.
func (p Strings) first() int {
	if p == "" {
		return 0
	}
	_, off := uvarint(string(p), 0)
	return off
}

// uvarint decodes an unsigned varint at s[off:], returning it and the
// offset after it.
func uvarint(s string, off int) (int, int) {
	var x uint64
	var shift uint
	for {
		b := s[off]
		off++
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return int(x), off
		}
		shift += 7
	}
}

// Next returns the element at offset off (aliasing p) and the offset of
// the one after it.
func (p Strings) Next(off int) (string, int) { return p.next(off) }

func (p Strings) next(off int) (string, int) {
	n, off := uvarint(string(p), off)
	return string(p)[off : off+n], off + n
}

// Range calls fn with each element in order until fn returns false. The
// strings alias p: they may be kept as long as p's owner does not
// overwrite them in place (OverwriteAt).
func (p Strings) Range(fn func(s string) bool) {
	off, n := p.first(), p.Len()
	for i := 0; i < n; i++ {
		var s string
		s, off = p.next(off)
		if !fn(s) {
			return
		}
	}
}

// At returns element i. O(i).
func (p Strings) At(i int) string {
	off := p.first()
	for ; i > 0; i-- {
		_, off = p.next(off)
	}
	s, _ := p.next(off)
	return s
}

// Find returns the index and offset of the first element equal to s among
// those at indexes 0, step, 2*step..., or -1.
func (p Strings) Find(s string, step int) (index, off int) {
	off, n := p.first(), p.Len()
	for i := 0; i < n; i++ {
		start := off
		var e string
		e, off = p.next(off)
		if i%step == 0 && e == s {
			return i, start
		}
	}
	return -1, 0
}

// Edit returns p with count elements starting at index i (found at offset
// off) replaced by repl. It copies p once, into an allocation of the exact
// size.
func (p Strings) Edit(i, off, count int, repl ...string) Strings {
	first := p.first()
	if p == "" {
		off = 0
	}
	end := off
	for k := 0; k < count; k++ {
		_, end = p.next(end)
	}
	n := p.Len() - count + len(repl)
	if n == 0 {
		return ""
	}
	size := varintLen(n) + (off - first) + (len(p) - end)
	for _, r := range repl {
		size += varintLen(len(r)) + len(r)
	}
	b := make([]byte, 0, size)
	b = binary.AppendUvarint(b, uint64(n))
	b = append(b, p[first:off]...)
	for _, r := range repl {
		b = binary.AppendUvarint(b, uint64(len(r)))
		b = append(b, r...)
	}
	b = append(b, p[end:]...)
	return Strings(unsafe.String(unsafe.SliceData(b), len(b)))
}

// OverwriteAt replaces the element at offset off with s if both have the
// same length, in place, and reports whether it did. Every string that
// Next, Range or At returned for that element sees the change.
//
// REQUIRES: p's bytes belong to the caller alone: p came from Edit,
// Append or Build and was never shared with a snapshot or another owner.
func (p Strings) OverwriteAt(off int, s string) bool {
	n, at := uvarint(string(p), off)
	if n != len(s) {
		return false
	}
	b := unsafe.Slice(unsafe.StringData(string(p)), len(p))
	copy(b[at:at+n], s)
	return true
}

// Append returns p with elems added at the end.
func (p Strings) Append(elems ...string) Strings {
	return p.Edit(p.Len(), len(p), 0, elems...)
}

func varintLen(n int) int {
	w := 1
	for ; n >= 0x80; n >>= 7 {
		w++
	}
	return w
}

// Build packs elems into a new Strings.
func Build(elems []string) Strings { return Strings("").Append(elems...) }

// Bytes is the number of bytes p occupies.
func (p Strings) Bytes() int { return len(p) }
