package rdb

import (
	"encoding/binary"
	"math"
	"slices"
	"strconv"
)

// Intset layout: u32le width (2, 4 or 8) | u32le count | count x intN LE,
// strictly ascending.

func walkIntset(b []byte, visit func(v int64) error) (int, error) {
	if len(b) < 8 {
		return 0, blobErrf(0, "intset too short")
	}
	w := binary.LittleEndian.Uint32(b)
	count := binary.LittleEndian.Uint32(b[4:])
	if w != 2 && w != 4 && w != 8 {
		return 0, blobErrf(0, "intset width %d", w)
	}
	if count == 0 {
		return 0, blobErrf(4, "empty intset")
	}
	if uint64(len(b)) != 8+uint64(count)*uint64(w) {
		return 0, blobErrf(4, "intset of %d x %d bytes in a %d-byte blob", count, w, len(b))
	}
	prev := int64(math.MinInt64)
	for i := 0; i < int(count); i++ {
		off := 8 + i*int(w)
		var v int64
		switch w {
		case 2:
			v = int64(int16(binary.LittleEndian.Uint16(b[off:])))
		case 4:
			v = int64(int32(binary.LittleEndian.Uint32(b[off:])))
		default:
			v = int64(binary.LittleEndian.Uint64(b[off:]))
		}
		if i > 0 && v <= prev {
			return i, blobErrf(off, "intset not strictly ascending")
		}
		prev = v
		if err := visit(v); err != nil {
			return i, err
		}
	}
	return int(count), nil
}

// buildIntset encodes vals (sorted in place) with the narrowest width that
// holds all of them, as an intset filled by SADD would be.
func buildIntset(buf []byte, vals []int64) []byte {
	slices.Sort(vals)
	w := 2
	for _, v := range vals {
		if v < math.MinInt32 || v > math.MaxInt32 {
			w = 8
		} else if (v < math.MinInt16 || v > math.MaxInt16) && w < 4 {
			w = 4
		}
	}
	b := binary.LittleEndian.AppendUint32(buf[:0], uint32(w))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(vals)))
	for _, v := range vals {
		switch w {
		case 2:
			b = binary.LittleEndian.AppendUint16(b, uint16(v))
		case 4:
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		default:
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
	}
	return b
}

func formatInt(v int64) string { return strconv.FormatInt(v, 10) }
