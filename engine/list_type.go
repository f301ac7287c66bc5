package engine

import (
	"hash"

	"github.com/strata-db/strata/internal/plist"
)

// List is a list value: a persistent chunked list (internal/plist). Redis
// 7.0 reports every list as "quicklist", whatever its size.
type List struct {
	gen uint64
	l   plist.List
}

// NewList builds a list from loaded elements (RDB, AOF rewrite); the
// elements are copied. It belongs to no generation, so the first write
// copies the path it touches.
func NewList(elems [][]byte) *List {
	return &List{l: plist.FromSlice(0, elems)}
}

// Type implements Object.
func (l *List) Type() Type { return TypeList }

// Encoding implements Object.
func (l *List) Encoding() string { return "quicklist" }

// Len implements Object.
func (l *List) Len() int { return l.l.Len() }

// Own implements Object: a header copy when another generation owns l.
func (l *List) Own(g uint64) Object {
	if l.gen == g {
		return l
	}
	c := *l
	c.gen = g
	return &c
}

// MemoryUsage implements Object.
func (l *List) MemoryUsage() int64 { return 48 + l.l.Bytes() }

// Index returns element i (0-based from the head), aliasing the list: do
// not keep it past the next write. REQUIRES: 0 <= i < Len.
func (l *List) Index(i int) []byte { return l.l.Get(i) }

// Range calls fn with each element from index from towards the tail (or
// the head when reverse) until fn returns false. For RDB and AOF writers.
func (l *List) Range(from int, reverse bool, fn func(i int, v []byte) bool) {
	l.l.Range(from, reverse, fn)
}

// Chunks is the number of packed nodes, as the RDB quicklist encoding
// would write them.
func (l *List) Chunks() int { return l.l.Chunks() }

// Digest mixes the elements, in order, into h (DEBUG DIGEST).
func (l *List) Digest(h hash.Hash) {
	var sep = []byte{0}
	l.l.Range(0, false, func(_ int, v []byte) bool {
		h.Write(v)
		h.Write(sep)
		return true
	})
}

// listEnd is a side of a list: head (LEFT) or tail (RIGHT).
type listEnd bool

const (
	listHead listEnd = false
	listTail listEnd = true
)

func (e listEnd) popEvent() string {
	if e == listHead {
		return "lpop"
	}
	return "rpop"
}

func (e listEnd) pushEvent() string {
	if e == listHead {
		return "lpush"
	}
	return "rpush"
}

func (e listEnd) word() string {
	if e == listHead {
		return "LEFT"
	}
	return "RIGHT"
}

// parseListEnd parses LEFT or RIGHT, replying with a syntax error.
func parseListEnd(c *Ctx, i int) (listEnd, bool) {
	switch {
	case c.Is(i, "left"):
		return listHead, true
	case c.Is(i, "right"):
		return listTail, true
	}
	c.W.Error(ErrSyntax)
	return false, false
}

// push adds v at end e. REQUIRES: l owned by g.
func (l *List) push(g uint64, e listEnd, v []byte) {
	if e == listHead {
		l.l.PushFront(g, v)
	} else {
		l.l.PushBack(g, v)
	}
}

// pop removes and returns (a copy of) the element at end e.
func (l *List) pop(g uint64, e listEnd) []byte {
	i := 0
	if e == listTail {
		i = l.Len() - 1
	}
	v := append([]byte(nil), l.l.Get(i)...)
	l.l.Delete(g, i, 1)
	return v
}

// listValue finds key for a write: nil when absent, ok false (WRONGTYPE
// replied) for another type. Like Redis's lookupKeyWrite it counts no
// keyspace hit or miss.
func listValue(c *Ctx, key string) (v *Value, ok bool) {
	v = c.DB.LookupWrite(key)
	if v == nil {
		return nil, true
	}
	if v.Type() != TypeList {
		c.W.Error(ErrWrongType)
		return nil, false
	}
	return v, true
}

// ownList makes key's list owned by the writer, stores it back and marks
// key modified. It looks the key up afresh: a *Value from an earlier
// lookup may be stale once another key has been written or expired.
// REQUIRES: key holds a live list.
func ownList(c *Ctx, key string) *List {
	return ownListAt(c, key, c.DB.LookupWrite(key))
}

// ownListAt is ownList for v, the value stored under key, looked up with
// nothing written since.
func ownListAt(c *Ctx, key string, v *Value) *List {
	v.setObj(v.Obj().Own(c.Gen()))
	c.DB.Touched(key)
	return v.Obj().(*List)
}

// readList looks key up for reading: nil when absent, ok false after a
// WRONGTYPE reply.
func readList(c *Ctx, key string) (*List, bool) {
	o, ok := c.Object(key, TypeList)
	if o == nil {
		return nil, ok
	}
	return o.(*List), true
}

// listEmptied deletes key when l has no elements left, with the "del"
// event, as Redis does for every emptied collection.
func listEmptied(c *Ctx, key string, l *List) {
	if l.Len() == 0 {
		c.DB.Delete(key)
		c.Notify(NotifyGeneric, "del", key)
	}
}

// listRangeReply writes elements start..end (inclusive, already clamped),
// in reverse when rev.
func listRangeReply(c *Ctx, l *List, start, end int, rev bool) {
	c.W.Array(end - start + 1)
	from := start
	if rev {
		from = end
	}
	l.Range(from, rev, func(i int, v []byte) bool {
		c.W.Bulk(v)
		if rev {
			return i > start
		}
		return i < end
	})
}

// clampRange turns Redis start/end indexes (negative from the tail) into
// an inclusive range; ok false when the range is empty.
func clampRange(start, end int64, n int) (int, int, bool) {
	if start < 0 {
		start += int64(n)
	}
	if end < 0 {
		end += int64(n)
	}
	if start < 0 {
		start = 0
	}
	if start > end || start >= int64(n) {
		return 0, 0, false
	}
	if end >= int64(n) {
		end = int64(n) - 1
	}
	return int(start), int(end), true
}
