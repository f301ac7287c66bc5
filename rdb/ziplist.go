package rdb

import "encoding/binary"

// Ziplist layout (legacy, read only):
//
//	u32le zlbytes | u32le zltail | u16le zllen (65535 = unknown) | entry... | 0xFF
//	entry = prevlen (1 byte < 254, or 0xFE + u32le) | encoding | data
const (
	zlHeaderSize   = 10
	zlEnd          = 0xFF
	zlBigPrevlen   = 0xFE
	zlUnknownCount = 65535
)

// zlDecodeEntry decodes the entry at p and returns it with its total size.
func zlDecodeEntry(b []byte, p int) (lpEntry, int, *blobError) {
	e := lpEntry{off: p}
	q := p + 1
	if b[p] == zlBigPrevlen {
		q = p + 5
	}
	if q >= len(b) {
		return e, 0, blobErrf(p, "ziplist entry overflows")
	}
	c := b[q]
	hdr, n := 0, 0
	switch {
	case c>>6 == 0:
		hdr, n = 1, int(c&0x3f)
	case c>>6 == 1:
		if q+2 > len(b) {
			return e, 0, blobErrf(p, "ziplist entry overflows")
		}
		hdr, n = 2, int(c&0x3f)<<8|int(b[q+1])
	case c>>6 == 2:
		if q+5 > len(b) {
			return e, 0, blobErrf(p, "ziplist entry overflows")
		}
		hdr, n = 5, int(binary.BigEndian.Uint32(b[q+1:]))
	default:
		return zlDecodeInt(b, p, q, c)
	}
	end := q + hdr + n
	if n < 0 || end > len(b) || end < q {
		return e, 0, blobErrf(p, "ziplist string overflows")
	}
	e.str = b[q+hdr : end]
	return e, end - p, nil
}

func zlDecodeInt(b []byte, p, q int, c byte) (lpEntry, int, *blobError) {
	e := lpEntry{off: p, isInt: true}
	var w int
	switch {
	case c == 0xC0:
		w = 2
	case c == 0xD0:
		w = 4
	case c == 0xE0:
		w = 8
	case c == 0xF0:
		w = 3
	case c == 0xFE:
		w = 1
	case c >= 0xF1 && c <= 0xFD:
		e.ival = int64(c&0x0f) - 1
		return e, q + 1 - p, nil
	default:
		return e, 0, blobErrf(q, "invalid ziplist encoding 0x%02x", c)
	}
	if q+1+w > len(b) {
		return e, 0, blobErrf(p, "ziplist integer overflows")
	}
	var v uint64
	for i := w - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[q+1+i])
	}
	e.ival = int64(v<<(64-8*w)) >> (64 - 8*w)
	return e, q + 1 + w - p, nil
}

// walkZiplist validates b as a ziplist (offsets, prevlen chain, tail, count)
// as Redis always does for ziplists, and visits every entry.
func walkZiplist(b []byte, visit func(e *lpEntry) error) (int, error) {
	if len(b) < zlHeaderSize+1 {
		return 0, blobErrf(0, "ziplist too short")
	}
	if int(binary.LittleEndian.Uint32(b)) != len(b) {
		return 0, blobErrf(0, "ziplist header size mismatch")
	}
	if b[len(b)-1] != zlEnd {
		return 0, blobErrf(len(b)-1, "ziplist terminator missing")
	}
	tail := int(binary.LittleEndian.Uint32(b[4:]))
	count := int(binary.LittleEndian.Uint16(b[8:]))
	n, p, prev, last := 0, zlHeaderSize, 0, zlHeaderSize
	for p < len(b)-1 {
		if b[p] == zlEnd {
			return n, blobErrf(p, "ziplist terminator before the end")
		}
		if got := zlPrevlen(b, p); got != prev {
			return n, blobErrf(p, "ziplist prevlen %d, previous entry is %d bytes", got, prev)
		}
		e, size, berr := zlDecodeEntry(b, p)
		if berr != nil {
			return n, berr
		}
		if p+size > len(b)-1 {
			return n, blobErrf(p, "ziplist entry overflows")
		}
		if err := visit(&e); err != nil {
			return n, err
		}
		n++
		last, prev, p = p, size, p+size
	}
	if tail != last {
		return n, blobErrf(4, "ziplist tail offset %d, last entry at %d", tail, last)
	}
	if count != zlUnknownCount && count != n {
		return n, blobErrf(8, "ziplist header count %d, found %d entries", count, n)
	}
	return n, nil
}

func zlPrevlen(b []byte, p int) int {
	if b[p] != zlBigPrevlen {
		return int(b[p])
	}
	if p+5 > len(b) {
		return -1
	}
	return int(binary.LittleEndian.Uint32(b[p+1:]))
}
