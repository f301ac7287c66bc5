package engine

import "math/bits"

// Helpers shared by the bitmap commands. Bit 0 is the most significant
// bit of byte 0, as in Redis.

// bitOffset parses argument i as a bit offset. With hash (BITFIELD) a
// "#n" form means n*width. Offsets past proto-max-bulk-len bytes are
// refused, except while a log is replayed.
func (c *Ctx) bitOffset(i int, hash bool, width int) (uint64, bool) {
	arg := c.Args[i]
	useHash := hash && width > 0 && len(arg) > 0 && arg[0] == '#'
	if useHash {
		arg = arg[1:]
	}
	n, ok := ParseInt(arg)
	if ok && useHash {
		n *= int64(width)
	}
	if !ok || n < 0 || (!c.E.loading && n>>3 >= c.E.opts.Config.ProtoMaxBulkLen) {
		c.W.Error(ErrBitOffset)
		return 0, false
	}
	return uint64(n), true
}

// bitsForWrite returns argument 1's string as a fresh byte slice grown
// with zero bytes so that bit maxbit exists. grown is true when the key
// was created or lengthened. ok is false after a WRONGTYPE reply.
func (c *Ctx) bitsForWrite(maxbit uint64) (b []byte, grown, ok bool) {
	s, exists, ok := c.stringForWrite(c.Str(1))
	if !ok {
		return nil, false, false
	}
	need := int(maxbit>>3) + 1
	b = make([]byte, max(len(s), need))
	copy(b, s)
	return b, !exists || need > len(s), true
}

func getBit(p []byte, offset uint64) int {
	byteIdx := offset >> 3
	if byteIdx >= uint64(len(p)) {
		return 0
	}
	return int(p[byteIdx]>>(7-offset&7)) & 1
}

func getBitString(s string, offset uint64) int {
	byteIdx := offset >> 3
	if byteIdx >= uint64(len(s)) {
		return 0
	}
	return int(s[byteIdx]>>(7-offset&7)) & 1
}

func setBit(p []byte, offset uint64, on int) {
	mask := byte(1) << (7 - offset&7)
	if on != 0 {
		p[offset>>3] |= mask
	} else {
		p[offset>>3] &^= mask
	}
}

// bitRange converts a BITCOUNT/BITPOS range over a string of n bytes into
// inclusive bit positions, clamping as Redis does. isBit selects BIT
// units. ok is false when the range is empty.
func bitRange(start, end, n int64, isBit bool) (lo, hi int64, ok bool) {
	total := n
	if isBit {
		total <<= 3
	}
	if start < 0 {
		start += total
	}
	if end < 0 {
		end += total
	}
	start, end = max(start, 0), max(end, 0)
	end = min(end, total-1)
	if start > end {
		return 0, 0, false
	}
	if isBit {
		return start, end, true
	}
	return start << 3, end<<3 + 7, true
}

// popcountBits counts the set bits of s from bit lo to bit hi inclusive.
func popcountBits(s string, lo, hi int64) int64 {
	var n int64
	for i := lo; i <= hi && i&7 != 0; i++ {
		n += int64(getBitString(s, uint64(i)))
		lo = i + 1
	}
	for ; lo+7 <= hi; lo += 8 {
		n += int64(bits.OnesCount8(s[lo>>3]))
	}
	for i := lo; i <= hi; i++ {
		n += int64(getBitString(s, uint64(i)))
	}
	return n
}

// findBit returns the first position in [lo, hi] whose bit is bit, or -1.
func findBit(s string, bit int, lo, hi int64) int64 {
	skip := byte(0)
	if bit == 0 {
		skip = 0xff
	}
	for i := lo; i <= hi; {
		if i&7 == 0 && i+7 <= hi && s[i>>3] == skip {
			i += 8
			continue
		}
		if getBitString(s, uint64(i)) == bit {
			return i
		}
		i++
	}
	return -1
}
