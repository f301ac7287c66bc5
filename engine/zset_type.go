package engine

import (
	"crypto/sha1"
	"encoding/binary"
	"hash"
	"math"

	"github.com/strata-db/strata/internal/pmap"
	"github.com/strata-db/strata/internal/ztree"
)

// ZSetEntry is one member of a sorted set with its score.
type ZSetEntry = ztree.Item

// ZSet is a sorted set value. Small sets are one packed string
// ("listpack"); past zset-max-listpack-entries members, or with a member
// longer than zset-max-listpack-value, they become a persistent map from
// member to score plus a persistent counted tree ordered by (score,
// member) ("skiplist"), both copied on write node by node. As in Redis
// 7.0 a set never goes back to the small encoding by itself.
type ZSet struct {
	gen uint64
	n   int // members in the packed encoding
	lp  zpacked
	big bool
	// member -> score, and (score, member) order; they share the member
	// strings.
	dict pmap.Map[float64]
	tree ztree.Tree
}

// NewZSet builds a sorted set from loaded entries (RDB, AOF rewrite),
// choosing the encoding from cfg's thresholds as Redis does on load. The
// member strings are kept: pass copies.
func NewZSet(entries []ZSetEntry, cfg *Config) *ZSet {
	z := &ZSet{}
	maxLen := 0
	for _, e := range entries {
		maxLen = max(maxLen, len(e.Member))
	}
	if int64(len(entries)) > cfg.ZSetMaxListpackEntries || int64(maxLen) > cfg.ZSetMaxListpackValue {
		z.convert(0)
	}
	for _, e := range entries {
		if _, ok := z.Score(e.Member); ok {
			z.remove(0, e.Member)
		}
		z.insert(0, e)
	}
	return z
}

// Type implements Object.
func (z *ZSet) Type() Type { return TypeZSet }

// Encoding implements Object.
func (z *ZSet) Encoding() string {
	if z.big {
		return "skiplist"
	}
	return "listpack"
}

// Len implements Object.
func (z *ZSet) Len() int {
	if z.big {
		return z.tree.Len()
	}
	return z.n
}

// Own implements Object: a header copy when another generation owns z.
func (z *ZSet) Own(g uint64) Object {
	if z.gen == g {
		return z
	}
	c := *z
	c.gen = g
	return &c
}

// MemoryUsage implements Object.
func (z *ZSet) MemoryUsage() int64 {
	if !z.big {
		return 64 + int64(len(z.lp))
	}
	// Sample the first members for their average length, as Redis's
	// MEMORY USAGE samples, instead of walking a big set.
	var sampled, bytes int64
	z.tree.Range(0, false, func(_ int, it ztree.Item) bool {
		sampled++
		bytes += int64(len(it.Member))
		return sampled < 16
	})
	n := int64(z.tree.Len())
	members := n * (bytes/max(sampled, 1) + 8)
	// Map entries cost about 40 bytes each with their share of nodes.
	return 96 + z.tree.Bytes() + members + 40*n
}

// Score returns member's score.
func (z *ZSet) Score(member string) (float64, bool) {
	if z.big {
		s := z.dict.Get(member)
		if s == nil {
			return 0, false
		}
		return *s, true
	}
	off, s := z.lp.find(member)
	return s, off >= 0
}

// Range calls fn with members in order from rank from (downwards when
// reverse) until fn returns false. Members alias the set's storage and
// stay valid (storage is never changed in place once shared).
func (z *ZSet) Range(from int, reverse bool, fn func(rank int, e ZSetEntry) bool) {
	if z.big {
		z.tree.Range(from, reverse, fn)
		return
	}
	if from < 0 || from >= z.n {
		return
	}
	if !reverse {
		i := 0
		z.lp.each(func(_ int, it ztree.Item) bool {
			if i >= from && !fn(i, it) {
				return false
			}
			i++
			return true
		})
		return
	}
	items := make([]ztree.Item, 0, from+1)
	z.lp.each(func(_ int, it ztree.Item) bool {
		items = append(items, it)
		return len(items) <= from
	})
	for i := from; i >= 0; i-- {
		if !fn(i, items[i]) {
			return
		}
	}
}

// At returns the member of rank i. REQUIRES: 0 <= i < Len.
func (z *ZSet) At(i int) ZSetEntry {
	if z.big {
		return z.tree.At(i)
	}
	var out ZSetEntry
	z.Range(i, false, func(_ int, e ZSetEntry) bool { out = e; return false })
	return out
}

// search returns how many members come before the first one for which
// pred holds (pred monotone over the order).
func (z *ZSet) search(pred func(ZSetEntry) bool) int {
	if z.big {
		return z.tree.Search(pred)
	}
	n := 0
	z.lp.each(func(_ int, it ztree.Item) bool {
		if pred(it) {
			return false
		}
		n++
		return true
	})
	return n
}

// Rank returns member's 0-based rank in ascending order.
func (z *ZSet) Rank(member string) (int, bool) {
	s, ok := z.Score(member)
	if !ok {
		return 0, false
	}
	it := ZSetEntry{Score: s, Member: member}
	return z.search(func(x ZSetEntry) bool { return !ztree.Less(x, it) }), true
}

// insert adds e, which must be absent, converting to the big encoding
// when asked. REQUIRES: z owned by g.
func (z *ZSet) insert(g uint64, e ZSetEntry) {
	if z.big {
		z.dict.Set(g, e.Member, e.Score)
		z.tree.Insert(g, e)
		return
	}
	z.lp = z.lp.insert(e)
	z.n++
}

// remove deletes member and reports whether it was there.
// REQUIRES: z owned by g.
func (z *ZSet) remove(g uint64, member string) bool {
	if z.big {
		s, ok := z.dict.Delete(g, member)
		if !ok {
			return false
		}
		z.tree.Delete(g, ZSetEntry{Score: s, Member: member})
		return true
	}
	off, _ := z.lp.find(member)
	if off < 0 {
		return false
	}
	z.lp = z.lp.remove(off)
	z.n--
	return true
}

// convert switches z to the big encoding.
func (z *ZSet) convert(g uint64) {
	if z.big {
		return
	}
	lp := z.lp
	z.big, z.lp, z.n = true, "", 0
	lp.each(func(_ int, it ztree.Item) bool {
		it.Member = string([]byte(it.Member)) // own storage, not the packed string's
		z.insert(g, it)
		return true
	})
}

// fits reports whether adding a member of length memberLen keeps the
// small encoding under cfg.
func (z *ZSet) fits(cfg *Config, memberLen int) bool {
	return int64(z.n+1) <= cfg.ZSetMaxListpackEntries && int64(memberLen) <= cfg.ZSetMaxListpackValue
}

// add inserts or updates member (a copy is stored when it is new),
// converting the encoding as Redis's zsetAdd does.
func (z *ZSet) add(g uint64, cfg *Config, member string, score float64) {
	if old, ok := z.Score(member); ok {
		if old == score {
			return
		}
		z.remove(g, member)
		z.insert(g, ZSetEntry{Score: score, Member: string([]byte(member))})
		return
	}
	if !z.big && !z.fits(cfg, len(member)) {
		z.convert(g)
	}
	z.insert(g, ZSetEntry{Score: score, Member: string([]byte(member))})
}

// Digest mixes the members with their scores into h, independent of
// order (DEBUG DIGEST): each member+score is hashed alone and the results
// are xor-ed.
func (z *ZSet) Digest(h hash.Hash) {
	var acc [sha1.Size]byte
	z.Range(0, false, func(_ int, e ZSetEntry) bool {
		d := sha1.New()
		d.Write([]byte(e.Member))
		d.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(e.Score)))
		for i, b := range d.Sum(nil) {
			acc[i] ^= b
		}
		return true
	})
	h.Write(acc[:])
}
