package engine

// BITFIELD operations: parsing, and integer fields of 1 to 64 bits at any
// bit offset, with WRAP, SAT and FAIL overflow as Redis computes them.

type bfKind uint8

const (
	bfGet bfKind = iota
	bfSet
	bfIncrBy
)

type bfOverflow uint8

const (
	bfWrap bfOverflow = iota
	bfSat
	bfFail
)

type bitfieldOp struct {
	kind     bfKind
	overflow bfOverflow
	signed   bool
	width    int
	offset   uint64
	arg      int64 // SET's value or INCRBY's increment
}

// parseBitfieldOps parses BITFIELD's subcommands, replying on error.
func parseBitfieldOps(c *Ctx) ([]bitfieldOp, bool) {
	var ops []bitfieldOp
	overflow := bfWrap
	for j := 2; j < len(c.Args); j++ {
		left := len(c.Args) - j - 1
		var op bitfieldOp
		switch {
		case c.Is(j, "GET") && left >= 2:
			op.kind = bfGet
		case c.Is(j, "SET") && left >= 3:
			op.kind = bfSet
		case c.Is(j, "INCRBY") && left >= 3:
			op.kind = bfIncrBy
		case c.Is(j, "OVERFLOW") && left >= 1:
			j++
			var ok bool
			if overflow, ok = parseOverflow(c, j); !ok {
				return nil, false
			}
			continue
		default:
			c.W.Error(ErrSyntax)
			return nil, false
		}
		if !parseBitfieldOp(c, j, &op) {
			return nil, false
		}
		op.overflow = overflow
		ops = append(ops, op)
		j += 2
		if op.kind != bfGet {
			j++
		}
	}
	return ops, true
}

func parseOverflow(c *Ctx, i int) (bfOverflow, bool) {
	switch {
	case c.Is(i, "WRAP"):
		return bfWrap, true
	case c.Is(i, "SAT"):
		return bfSat, true
	case c.Is(i, "FAIL"):
		return bfFail, true
	}
	c.W.Error(ErrBitfieldOverflow)
	return 0, false
}

// parseBitfieldOp parses the type, offset and (for writes) value of the
// op whose name is at j.
func parseBitfieldOp(c *Ctx, j int, op *bitfieldOp) bool {
	t := c.Args[j+1]
	if len(t) == 0 || (t[0] != 'i' && t[0] != 'u') {
		c.W.Error(ErrBitfieldType)
		return false
	}
	op.signed = t[0] == 'i'
	n, ok := ParseInt(t[1:])
	if !ok || n < 1 || (op.signed && n > 64) || (!op.signed && n > 63) {
		c.W.Error(ErrBitfieldType)
		return false
	}
	op.width = int(n)
	if op.offset, ok = c.bitOffset(j+2, true, op.width); !ok {
		return false
	}
	if op.kind != bfGet {
		if op.arg, ok = c.Int(j + 3); !ok {
			return false
		}
	}
	return true
}

// get reads the field; bits past the end of b are zero.
func (op *bitfieldOp) get(b []byte) int64 {
	u := getField(b, op.offset, op.width)
	if op.signed {
		return signExtend(u, op.width)
	}
	return int64(u)
}

// write computes a SET or INCRBY: the reply (old value for SET, new for
// INCRBY), the field's old and new raw bits, and ok false when the op
// overflowed under FAIL and must not write.
func (op *bitfieldOp) write(b []byte) (reply int64, old, next uint64, ok bool) {
	old = getField(b, op.offset, op.width)
	value, incr := uint64(op.valueOf(old)), op.arg
	if op.kind == bfSet {
		value, incr = uint64(op.arg), 0
	}
	var res uint64
	var over bool
	if op.signed {
		var r int64
		r, over = signedFieldAdd(int64(value), incr, op.width, op.overflow)
		res = uint64(r)
	} else {
		res, over = unsignedFieldAdd(value, incr, op.width, op.overflow)
	}
	if over && op.overflow == bfFail {
		return 0, old, old, false
	}
	next = res & fieldMask(op.width)
	if op.kind == bfSet {
		reply = op.valueOf(old)
	} else {
		reply = op.valueOf(next)
	}
	return reply, old, next, true
}

func (op *bitfieldOp) valueOf(raw uint64) int64 {
	if op.signed {
		return signExtend(raw, op.width)
	}
	return int64(raw)
}

func fieldMask(width int) uint64 {
	if width == 64 {
		return ^uint64(0)
	}
	return 1<<width - 1
}

func signExtend(u uint64, width int) int64 {
	if width < 64 && u&(1<<(width-1)) != 0 {
		u |= ^uint64(0) << width
	}
	return int64(u)
}

func getField(b []byte, offset uint64, width int) uint64 {
	var v uint64
	for j := 0; j < width; j++ {
		v = v<<1 | uint64(getBit(b, offset+uint64(j)))
	}
	return v
}

func setField(b []byte, offset uint64, width int, v uint64) {
	for j := 0; j < width; j++ {
		setBit(b, offset+uint64(j), int(v>>(width-1-j))&1)
	}
}

// signedFieldAdd adds incr to value in a signed field of width bits,
// reporting overflow and the wrapped or saturated result. The checks
// reproduce Redis's arithmetic exactly, including its two's-complement
// wraparound in the limits, so that out-of-range SET values saturate to
// the same side as in Redis.
func signedFieldAdd(value, incr int64, width int, mode bfOverflow) (int64, bool) {
	maxv := int64(fieldMask(width - 1))
	if width == 64 {
		maxv = maxInt64
	}
	minv := -maxv - 1
	maxIncr := int64(uint64(maxv) - uint64(value))
	minIncr := minv - value
	var up bool
	switch {
	case value > maxv || (width != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr):
		up = true
	case value < minv || (width != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr):
		up = false
	default:
		return value + incr, false
	}
	if mode == bfSat {
		if up {
			return maxv, true
		}
		return minv, true
	}
	return signExtend((uint64(value)+uint64(incr))&fieldMask(width), width), true
}

// unsignedFieldAdd is signedFieldAdd for unsigned fields (width <= 63).
func unsignedFieldAdd(value uint64, incr int64, width int, mode bfOverflow) (uint64, bool) {
	maxv := fieldMask(width)
	maxIncr := int64(maxv - value)
	minIncr := int64(-value)
	var up bool
	switch {
	case value > maxv || (incr > 0 && incr > maxIncr):
		up = true
	case incr < 0 && incr < minIncr:
		up = false
	default:
		return value + uint64(incr), false
	}
	if mode == bfSat {
		if up {
			return maxv, true
		}
		return 0, true
	}
	return (value + uint64(incr)) & maxv, true
}
