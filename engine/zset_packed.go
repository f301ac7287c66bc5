package engine

import (
	"encoding/binary"
	"math"
	"strings"

	"github.com/strata-db/strata/internal/ztree"
)

// zpacked is the small ("listpack") encoding of a sorted set: entries
// sorted by (score, member), each
//
//	8 bytes score (IEEE bits, little endian) | uvarint len | member
//
// It is an immutable string: every change builds a new one, so a value
// shared with a snapshot is never disturbed. Meant for at most
// zset-max-listpack-entries (128) short members.
type zpacked string

// next decodes the entry at off and returns it with the offset after it.
func (p zpacked) next(off int) (ztree.Item, int) {
	s := string(p)
	score := math.Float64frombits(binary.LittleEndian.Uint64([]byte(s[off : off+8])))
	n, w := binary.Uvarint([]byte(s[off+8 : min(off+18, len(s))]))
	start := off + 8 + w
	return ztree.Item{Score: score, Member: s[start : start+int(n)]}, start + int(n)
}

// each calls fn with every entry and its offset, in order, until fn
// returns false.
func (p zpacked) each(fn func(off int, it ztree.Item) bool) {
	for off := 0; off < len(p); {
		it, next := p.next(off)
		if !fn(off, it) {
			return
		}
		off = next
	}
}

// find returns member's offset and score, or off -1.
func (p zpacked) find(member string) (off int, score float64) {
	off = -1
	p.each(func(o int, it ztree.Item) bool {
		if it.Member == member {
			off, score = o, it.Score
			return false
		}
		return true
	})
	return off, score
}

func appendZEntry(b []byte, it ztree.Item) []byte {
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(it.Score))
	b = binary.AppendUvarint(b, uint64(len(it.Member)))
	return append(b, it.Member...)
}

// insert returns p with it added at its sorted place.
func (p zpacked) insert(it ztree.Item) zpacked {
	at := len(p)
	p.each(func(o int, x ztree.Item) bool {
		if ztree.Less(it, x) {
			at = o
			return false
		}
		return true
	})
	b := make([]byte, 0, len(p)+18+len(it.Member))
	b = append(b, p[:at]...)
	b = appendZEntry(b, it)
	b = append(b, p[at:]...)
	return zpacked(b)
}

// remove returns p without the entry at off.
func (p zpacked) remove(off int) zpacked {
	_, end := p.next(off)
	var b strings.Builder
	b.Grow(len(p) - (end - off))
	b.WriteString(string(p[:off]))
	b.WriteString(string(p[end:]))
	return zpacked(b.String())
}

// packItems builds a zpacked from items already in order.
func packItems(items []ztree.Item) zpacked {
	var b []byte
	for _, it := range items {
		b = appendZEntry(b, it)
	}
	return zpacked(b)
}
