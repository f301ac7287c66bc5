// Package pmap is a persistent hash map from string keys: a CHAMP trie
// (compressed hash-array mapped prefix tree) whose nodes are copied on
// write only when they are shared with a snapshot.
//
// Ownership by generation: every node records the generation that created
// it. A writer passes its current generation g to each mutating call; a node
// with gen == g belongs to the writer and is changed in place, any other
// node is shared with some snapshot and is copied first (path copying). To
// take a snapshot, copy the Map value (O(1)) and move the writer to a fresh
// generation: from then on every existing node is frozen for both sides.
//
//	level 0: hash bits 0-4   -> 32 slots: entries inline, or child nodes
//	level 1: hash bits 5-9   -> ...
//	level 12: hash bits 60-63; below that, collision nodes (linear lists)
//
// Iteration and Scan visit keys in "digit order" of their hashes (level 0
// digit most significant), which does not depend on how many keys the map
// holds, so a Scan cursor survives any growth or shrinking.
//
// Concurrency: a Map value may be read by any number of goroutines as long
// as nobody mutates it with the generation of its nodes; snapshots taken
// as above are safe to read while the writer goes on.
package pmap

import (
	"hash/maphash"
	"math/bits"
	"strings"
)

var seed = maphash.MakeSeed()

// Hash is the hash the map uses for key.
func Hash(key string) uint64 { return maphash.String(seed, key) }

const (
	fanout   = 32
	maxShift = 64
)

// Entry is a key and its value as stored inline in a node.
type Entry[V any] struct {
	Key string
	Val V
}

type node[V any] struct {
	gen      uint64
	dataMap  uint32
	nodeMap  uint32
	data     []Entry[V]
	children []*node[V]
}

// Map is a persistent map. The zero value is an empty map.
type Map[V any] struct {
	root *node[V]
	size int
}

// Len returns the number of keys.
func (m *Map[V]) Len() int { return m.size }

func slot(h uint64, shift uint) uint32 { return 1 << ((h >> shift) & 31) }

func index(bitmap, bit uint32) int { return bits.OnesCount32(bitmap & (bit - 1)) }

func (n *node[V]) own(g uint64) *node[V] {
	if n.gen == g {
		return n
	}
	c := &node[V]{gen: g, dataMap: n.dataMap, nodeMap: n.nodeMap}
	if len(n.data) > 0 {
		c.data = append(make([]Entry[V], 0, len(n.data)+1), n.data...)
	}
	if len(n.children) > 0 {
		c.children = append(make([]*node[V], 0, len(n.children)+1), n.children...)
	}
	return c
}

// Get returns a pointer to key's value, or nil. The pointee must not be
// modified: it may be shared with a snapshot (see Ref).
func (m *Map[V]) Get(key string) *V {
	if m.root == nil {
		return nil
	}
	h := Hash(key)
	n := m.root
	for shift := uint(0); ; shift += 5 {
		if shift >= maxShift {
			for i := range n.data {
				if n.data[i].Key == key {
					return &n.data[i].Val
				}
			}
			return nil
		}
		bit := slot(h, shift)
		if n.dataMap&bit != 0 {
			e := &n.data[index(n.dataMap, bit)]
			if e.Key == key {
				return &e.Val
			}
			return nil
		}
		if n.nodeMap&bit == 0 {
			return nil
		}
		n = n.children[index(n.nodeMap, bit)]
	}
}

// Ref returns a pointer to key's value and whether the node holding it is
// owned by generation g, that is, whether it may be modified in place.
func (m *Map[V]) Ref(g uint64, key string) (v *V, owned bool) {
	if m.root == nil {
		return nil, false
	}
	h := Hash(key)
	n := m.root
	owned = n.gen == g
	for shift := uint(0); ; shift += 5 {
		if shift >= maxShift {
			for i := range n.data {
				if n.data[i].Key == key {
					return &n.data[i].Val, owned
				}
			}
			return nil, false
		}
		bit := slot(h, shift)
		if n.dataMap&bit != 0 {
			e := &n.data[index(n.dataMap, bit)]
			if e.Key == key {
				return &e.Val, owned
			}
			return nil, false
		}
		if n.nodeMap&bit == 0 {
			return nil, false
		}
		n = n.children[index(n.nodeMap, bit)]
		owned = owned && n.gen == g
	}
}

// Mut returns a pointer to key's value that may be modified in place,
// copying shared nodes on the path, or nil if key is absent.
func (m *Map[V]) Mut(g uint64, key string) *V {
	if m.Get(key) == nil {
		return nil
	}
	return m.MutPresent(g, key)
}

// MutPresent is Mut for a key known to be present (a Ref just found it):
// one walk instead of two. REQUIRES: key is in the map.
func (m *Map[V]) MutPresent(g uint64, key string) *V {
	m.root = m.root.own(g)
	h := Hash(key)
	n := m.root
	for shift := uint(0); ; shift += 5 {
		if shift >= maxShift {
			for i := range n.data {
				if n.data[i].Key == key {
					return &n.data[i].Val
				}
			}
			return nil
		}
		bit := slot(h, shift)
		if n.dataMap&bit != 0 {
			return &n.data[index(n.dataMap, bit)].Val
		}
		i := index(n.nodeMap, bit)
		c := n.children[i].own(g)
		n.children[i] = c
		n = c
	}
}

// Set stores val under key and reports whether key was new.
func (m *Map[V]) Set(g uint64, key string, val V) (added bool) {
	return m.set(g, key, val, false)
}

// SetBorrowed is Set for a key that aliases memory the caller will reuse
// (a request buffer): the map keeps a copy of it only when the key is new.
// Most writes overwrite a key that exists; copying its name for them was
// an allocation per write.
func (m *Map[V]) SetBorrowed(g uint64, key string, val V) (added bool) {
	return m.set(g, key, val, true)
}

func (m *Map[V]) set(g uint64, key string, val V, borrowed bool) (added bool) {
	if m.root == nil {
		m.root = &node[V]{gen: g}
	}
	m.root, added = m.root.set(g, key, Hash(key), 0, val, borrowed)
	if added {
		m.size++
	}
	return added
}

func (n *node[V]) set(g uint64, key string, h uint64, shift uint, val V, borrowed bool) (*node[V], bool) {
	stored := func() string {
		if borrowed {
			return strings.Clone(key)
		}
		return key
	}
	if shift >= maxShift {
		for i := range n.data {
			if n.data[i].Key == key {
				n = n.own(g)
				n.data[i].Val = val
				return n, false
			}
		}
		n = n.own(g)
		n.data = append(n.data, Entry[V]{stored(), val})
		return n, true
	}
	bit := slot(h, shift)
	switch {
	case n.dataMap&bit != 0:
		i := index(n.dataMap, bit)
		if n.data[i].Key == key {
			n = n.own(g)
			n.data[i].Val = val
			return n, false
		}
		old := n.data[i]
		sub := pair(g, old, Hash(old.Key), Entry[V]{stored(), val}, h, shift+5)
		n = n.own(g)
		n.data = append(n.data[:i], n.data[i+1:]...)
		n.dataMap &^= bit
		j := index(n.nodeMap, bit)
		n.children = growNodes(n.children)
		copy(n.children[j+1:], n.children[j:])
		n.children[j] = sub
		n.nodeMap |= bit
		return n, true
	case n.nodeMap&bit != 0:
		i := index(n.nodeMap, bit)
		c, added := n.children[i].set(g, key, h, shift+5, val, borrowed)
		if c != n.children[i] {
			n = n.own(g)
			n.children[i] = c
		}
		return n, added
	default:
		n = n.own(g)
		i := index(n.dataMap, bit)
		n.data = growEntries(n.data)
		copy(n.data[i+1:], n.data[i:])
		n.data[i] = Entry[V]{stored(), val}
		n.dataMap |= bit
		return n, true
	}
}

// pair builds the smallest subtree holding two entries whose hashes agree
// on every digit above shift.
func pair[V any](g uint64, a Entry[V], ha uint64, b Entry[V], hb uint64, shift uint) *node[V] {
	n := &node[V]{gen: g}
	if shift >= maxShift {
		n.data = []Entry[V]{a, b}
		return n
	}
	ba, bb := slot(ha, shift), slot(hb, shift)
	if ba == bb {
		n.nodeMap = ba
		n.children = []*node[V]{pair(g, a, ha, b, hb, shift+5)}
		return n
	}
	n.dataMap = ba | bb
	if ba < bb {
		n.data = []Entry[V]{a, b}
	} else {
		n.data = []Entry[V]{b, a}
	}
	return n
}

// Delete removes key and returns its value.
func (m *Map[V]) Delete(g uint64, key string) (old V, ok bool) {
	if m.root == nil || m.Get(key) == nil {
		return old, false
	}
	m.root, old = m.root.del(g, key, Hash(key), 0)
	m.size--
	return old, true
}

// del removes key, which must be present below n.
func (n *node[V]) del(g uint64, key string, h uint64, shift uint) (*node[V], V) {
	n = n.own(g)
	if shift >= maxShift {
		for i := range n.data {
			if n.data[i].Key == key {
				old := n.data[i].Val
				n.data = append(n.data[:i], n.data[i+1:]...)
				return n, old
			}
		}
		panic("pmap: del of absent key")
	}
	bit := slot(h, shift)
	if n.dataMap&bit != 0 {
		i := index(n.dataMap, bit)
		old := n.data[i].Val
		n.data[i] = Entry[V]{}
		n.data = append(n.data[:i], n.data[i+1:]...)
		n.dataMap &^= bit
		return n, old
	}
	i := index(n.nodeMap, bit)
	c, old := n.children[i].del(g, key, h, shift+5)
	switch {
	case len(c.children) == 0 && len(c.data) == 1 && shift+5 < maxShift:
		// A child left with one entry folds back into this node, so the
		// trie stays canonical and lookups stay short.
		n.children = append(n.children[:i], n.children[i+1:]...)
		n.nodeMap &^= bit
		j := index(n.dataMap, bit)
		n.data = growEntries(n.data)
		copy(n.data[j+1:], n.data[j:])
		n.data[j] = c.data[0]
		n.dataMap |= bit
	case len(c.children) == 0 && len(c.data) == 0:
		n.children = append(n.children[:i], n.children[i+1:]...)
		n.nodeMap &^= bit
	default:
		n.children[i] = c
	}
	return n, old
}

// Range calls fn for every entry in digit order until fn returns false.
func (m *Map[V]) Range(fn func(key string, v *V) bool) {
	if m.root != nil {
		m.root.walk(0, fn)
	}
}

func (n *node[V]) walk(shift uint, fn func(string, *V) bool) bool {
	if shift >= maxShift {
		for i := range n.data {
			if !fn(n.data[i].Key, &n.data[i].Val) {
				return false
			}
		}
		return true
	}
	di, ci := 0, 0
	for s := uint32(0); s < fanout; s++ {
		bit := uint32(1) << s
		if n.dataMap&bit != 0 {
			if !fn(n.data[di].Key, &n.data[di].Val) {
				return false
			}
			di++
		} else if n.nodeMap&bit != 0 {
			if !n.children[ci].walk(shift+5, fn) {
				return false
			}
			ci++
		}
	}
	return true
}

// Position maps a hash to its place in digit order: the level-0 digit
// becomes the most significant. Scan cursors are positions.
func Position(h uint64) uint64 {
	var p uint64
	for shift := uint(0); shift < 60; shift += 5 {
		p = p<<5 | (h>>shift)&31
	}
	return p<<4 | h>>60
}

// Scan calls fn for entries whose position is at least cursor, in digit
// order, until fn has been called count times (entries sharing one hash are
// never split across calls). It returns the cursor to continue from, or 0
// when the whole map has been visited.
func (m *Map[V]) Scan(cursor uint64, count int, fn func(key string, v *V)) uint64 {
	if m.root == nil {
		return 0
	}
	s := scanner[V]{cursor: cursor, left: count, fn: fn}
	if s.visit(m.root, 0, true) {
		return 0
	}
	if s.last == ^uint64(0) {
		return 0
	}
	return s.last + 1
}

type scanner[V any] struct {
	cursor uint64
	left   int
	last   uint64
	fn     func(string, *V)
}

// visit returns true when it finished the subtree without running out.
func (s *scanner[V]) visit(n *node[V], shift uint, bounded bool) bool {
	if shift >= maxShift {
		if len(n.data) == 0 {
			return true
		}
		p := Position(Hash(n.data[0].Key))
		if bounded && p < s.cursor {
			return true
		}
		if s.left <= 0 {
			return false
		}
		for i := range n.data {
			s.fn(n.data[i].Key, &n.data[i].Val)
		}
		s.last = p
		s.left -= len(n.data)
		return true
	}
	from := uint32(0)
	if bounded {
		from = uint32(s.cursor>>(59-shift)) & 31
		if shift == 60 {
			from = uint32(s.cursor & 15)
		}
	}
	for sl := from; sl < fanout; sl++ {
		bit := uint32(1) << sl
		if n.dataMap&bit != 0 {
			e := &n.data[index(n.dataMap, bit)]
			p := Position(Hash(e.Key))
			if bounded && sl == from && p < s.cursor {
				continue
			}
			if s.left <= 0 {
				return false
			}
			s.fn(e.Key, &e.Val)
			s.last = p
			s.left--
		} else if n.nodeMap&bit != 0 {
			if s.left <= 0 {
				return false
			}
			if !s.visit(n.children[index(n.nodeMap, bit)], shift+5, bounded && sl == from) {
				return false
			}
		}
	}
	return true
}

// growEntries extends s by one zero entry. Nodes hold at most 32 entries
// and most live long, so the array does not double: the slack of doubling
// would cost about a quarter of the keyspace's memory. It takes what the
// allocator's size class gives anyway, so a node that keeps growing is
// copied less often, and makes less garbage for the collector.
func growEntries[V any](s []Entry[V]) []Entry[V] {
	if len(s) < cap(s) {
		return s[:len(s)+1]
	}
	// NB: appending to an empty slice rounds the capacity up to the size
	// class; the make is not allocated.
	n := append(s[:0:0], make([]Entry[V], len(s)+1)...)
	copy(n, s)
	return n
}

func growNodes[V any](s []*node[V]) []*node[V] {
	if len(s) < cap(s) {
		return s[:len(s)+1]
	}
	n := append(s[:0:0], make([]*node[V], len(s)+1)...)
	copy(n, s)
	return n
}

// Random returns an entry chosen by a random descent: at every node one of
// the occupied slots (an entry or a child) is picked uniformly with rnd.
// Small maps get a uniform choice; big ones a close one (entries high in
// the trie are slightly favoured), like Redis's dictGetRandomKey. It
// returns false when the map is empty.
func (m *Map[V]) Random(rnd func(n int) int) (string, *V, bool) {
	n := m.root
	for n != nil {
		nd, nc := len(n.data), len(n.children)
		if nd+nc == 0 {
			return "", nil, false
		}
		i := rnd(nd + nc)
		if i < nd {
			return n.data[i].Key, &n.data[i].Val, true
		}
		n = n.children[i-nd]
	}
	return "", nil, false
}
