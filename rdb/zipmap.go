package rdb

import "encoding/binary"

// Zipmap layout (hashes before Redis 2.6, read only):
//
//	u8 count (254 = unknown) | { len key | len value | u8 free | value | free bytes } | 0xFF
//	len = u8 < 254, or 0xFE + u32le
const (
	zmBigLen = 254
	zmEnd    = 255
)

// zmLen reads a zipmap length at p and returns it with the next offset.
func zmLen(b []byte, p int) (int, int, *blobError) {
	if p >= len(b) {
		return 0, 0, blobErrf(p, "zipmap overflows")
	}
	if b[p] < zmBigLen {
		return int(b[p]), p + 1, nil
	}
	if b[p] == zmEnd || p+5 > len(b) {
		return 0, 0, blobErrf(p, "zipmap length malformed")
	}
	return int(binary.LittleEndian.Uint32(b[p+1:])), p + 5, nil
}

// walkZipmap validates b and visits each field/value pair.
func walkZipmap(b []byte, visit func(f, v []byte) error) (int, error) {
	if len(b) < 2 || b[len(b)-1] != zmEnd {
		return 0, blobErrf(0, "zipmap malformed")
	}
	count := int(b[0])
	n, p := 0, 1
	for b[p] != zmEnd {
		klen, q, berr := zmLen(b, p)
		if berr != nil {
			return n, berr
		}
		if q+klen > len(b)-1 || klen < 0 {
			return n, blobErrf(p, "zipmap key overflows")
		}
		key := b[q : q+klen]
		vlen, q2, berr := zmLen(b, q+klen)
		if berr != nil {
			return n, berr
		}
		if q2 >= len(b)-1 {
			return n, blobErrf(q+klen, "zipmap value overflows")
		}
		free := int(b[q2])
		end := q2 + 1 + vlen + free
		if vlen < 0 || end > len(b)-1 || end < q2 {
			return n, blobErrf(q+klen, "zipmap value overflows")
		}
		if err := visit(key, b[q2+1:q2+1+vlen]); err != nil {
			return n, err
		}
		n++
		p = end
	}
	if p != len(b)-1 {
		return n, blobErrf(p, "zipmap terminator before the end")
	}
	if n == 0 {
		return 0, blobErrf(0, "empty zipmap")
	}
	if count != zmBigLen && count != n {
		return n, blobErrf(0, "zipmap count %d, found %d", count, n)
	}
	return n, nil
}
