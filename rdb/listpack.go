package rdb

import (
	"encoding/binary"
	"strconv"
)

// Listpack layout (Redis 5+ compact container):
//
//	u32le total_bytes | u16le count (65535 = unknown) | entry... | 0xFF
//	entry = encoding+data | backlen (1..5 bytes, size of encoding+data,
//	        7 bits per byte, read right to left, high bit = more)
const (
	lpHeaderSize   = 6
	lpEOF          = 0xFF
	lpUnknownCount = 65535
)

// lpEntry is one decoded listpack element; str aliases the blob.
type lpEntry struct {
	isInt bool
	ival  int64
	str   []byte
	off   int // offset of the entry in the blob
}

func (e *lpEntry) String() string {
	if e.isInt {
		return strconv.FormatInt(e.ival, 10)
	}
	return string(e.str)
}

// lpBacklenSize is how many bytes the backlen of an s-byte entry takes.
func lpBacklenSize(s int) int {
	switch {
	case s <= 127:
		return 1
	case s < 16383:
		return 2
	case s < 2097151:
		return 3
	case s < 268435455:
		return 4
	}
	return 5
}

// lpDecodeEntry decodes the entry at b[p:] and returns the size of its
// encoding+data part.
func lpDecodeEntry(b []byte, p int) (lpEntry, int, *blobError) {
	e := lpEntry{off: p}
	c := b[p]
	need := func(n int) bool { return p+n <= len(b) }
	signExt := func(v uint64, bits uint) int64 { return int64(v<<(64-bits)) >> (64 - bits) }
	var size int
	switch {
	case c&0x80 == 0:
		e.isInt, e.ival, size = true, int64(c), 1
	case c&0xC0 == 0x80:
		size = 1 + int(c&0x3f)
		if !need(size) {
			return e, 0, blobErrf(p, "listpack string overflows")
		}
		e.str = b[p+1 : p+size]
	case c&0xE0 == 0xC0:
		if !need(2) {
			return e, 0, blobErrf(p, "listpack int13 overflows")
		}
		e.isInt, size = true, 2
		e.ival = signExt(uint64(c&0x1f)<<8|uint64(b[p+1]), 13)
	case c&0xF0 == 0xE0:
		if !need(2) {
			return e, 0, blobErrf(p, "listpack string overflows")
		}
		size = 2 + (int(c&0x0f)<<8 | int(b[p+1]))
		if !need(size) {
			return e, 0, blobErrf(p, "listpack string overflows")
		}
		e.str = b[p+2 : p+size]
	default:
		return lpDecodeWide(b, p, c)
	}
	return e, size, nil
}

// lpDecodeWide handles the 0xF0..0xF4 encodings.
func lpDecodeWide(b []byte, p int, c byte) (lpEntry, int, *blobError) {
	e := lpEntry{off: p, isInt: true}
	if c == 0xF0 {
		if p+5 > len(b) {
			return e, 0, blobErrf(p, "listpack string overflows")
		}
		n := uint64(binary.LittleEndian.Uint32(b[p+1:]))
		if uint64(p)+5+n > uint64(len(b)) {
			return e, 0, blobErrf(p, "listpack string overflows")
		}
		e.isInt = false
		e.str = b[p+5 : p+5+int(n)]
		return e, 5 + int(n), nil
	}
	var w int
	switch c {
	case 0xF1, 0xF2, 0xF3:
		w = int(c-0xF1) + 2
	case 0xF4:
		w = 8
	default:
		return e, 0, blobErrf(p, "invalid listpack encoding 0x%02x", c)
	}
	if p+1+w > len(b) {
		return e, 0, blobErrf(p, "listpack integer overflows")
	}
	var v uint64
	for i := w - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[p+1+i])
	}
	e.ival = int64(v<<(64-8*w)) >> (64 - 8*w)
	return e, 1 + w, nil
}

// lpCheckBacklen verifies the backlen that follows an entry of size s at p
// and returns the total entry length.
func lpCheckBacklen(b []byte, p, s int) (int, *blobError) {
	bl := lpBacklenSize(s)
	last := p + s + bl - 1
	if last >= len(b)-1 {
		return 0, blobErrf(p, "listpack entry overflows")
	}
	var v, shift uint64
	for i := 0; i < bl; i++ {
		x := b[last-i]
		v |= uint64(x&0x7f) << shift
		shift += 7
		if (x&0x80 != 0) != (i < bl-1) {
			return 0, blobErrf(p+s, "listpack backlen malformed")
		}
	}
	if v != uint64(s) {
		return 0, blobErrf(p+s, "listpack backlen %d, entry size %d", v, s)
	}
	return s + bl, nil
}

// walkListpack validates b as a listpack (deeply, as redis-check-rdb does)
// and calls visit for every entry. It returns the number of entries.
func walkListpack(b []byte, visit func(e *lpEntry) error) (int, error) {
	if len(b) < lpHeaderSize+1 {
		return 0, blobErrf(0, "listpack too short")
	}
	if int(binary.LittleEndian.Uint32(b)) != len(b) {
		return 0, blobErrf(0, "listpack header size %d, blob size %d", binary.LittleEndian.Uint32(b), len(b))
	}
	if b[len(b)-1] != lpEOF {
		return 0, blobErrf(len(b)-1, "listpack terminator missing")
	}
	count := int(binary.LittleEndian.Uint16(b[4:]))
	n, p := 0, lpHeaderSize
	for p < len(b)-1 {
		if b[p] == lpEOF {
			return n, blobErrf(p, "listpack terminator before the end")
		}
		e, s, berr := lpDecodeEntry(b, p)
		if berr != nil {
			return n, berr
		}
		total, berr := lpCheckBacklen(b, p, s)
		if berr != nil {
			return n, berr
		}
		if err := visit(&e); err != nil {
			return n, err
		}
		n++
		p += total
	}
	if count != lpUnknownCount && count != n {
		return n, blobErrf(4, "listpack header count %d, found %d entries", count, n)
	}
	return n, nil
}
