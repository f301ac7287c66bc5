// Package xstream holds the persistent structures behind Redis streams: an
// ordered tree keyed by stream IDs (Tree) and the packed entry store built
// on it (Entries), which plays the part of Redis's radix tree of
// listpacks.
//
//	Tree:    internal: keys [k0 ... kn] (greatest key below each kid)  kids [*n0 ... *nn]
//	         leaf:     keys [id ...] vals [v ...], sorted by ID
//
// Ownership by generation, as in internal/pmap: mutating calls take the
// writer's generation g; a node of another generation is copied before it
// changes (path copying), so a copied Tree value is a frozen snapshot.
//
// Concurrency: a value may be read by many goroutines while nobody mutates
// it with the generation of its nodes.
package xstream

import "sort"

// ID is a stream entry ID, ms-seq.
type ID struct{ Ms, Seq uint64 }

// Less orders IDs.
func (a ID) Less(b ID) bool { return a.Ms < b.Ms || (a.Ms == b.Ms && a.Seq < b.Seq) }

// Cmp returns -1, 0 or 1 as a is before, equal to or after b.
func (a ID) Cmp(b ID) int {
	switch {
	case a.Less(b):
		return -1
	case b.Less(a):
		return 1
	}
	return 0
}

// maxKeys is the fan-out of the tree's nodes.
const maxKeys = 32

type node[V any] struct {
	gen  uint64
	keys []ID // leaf: item keys; internal: greatest key under each kid
	vals []V
	kids []*node[V]
}

func (x *node[V]) leaf() bool { return x.kids == nil }

func (x *node[V]) own(g uint64) *node[V] {
	if x.gen == g {
		return x
	}
	c := &node[V]{gen: g, keys: append(make([]ID, 0, len(x.keys)+1), x.keys...)}
	if x.leaf() {
		c.vals = append(make([]V, 0, len(x.vals)+1), x.vals...)
	} else {
		c.kids = append(make([]*node[V], 0, len(x.kids)+1), x.kids...)
	}
	return c
}

// search returns the first position whose key is >= id.
func (x *node[V]) search(id ID) int {
	return sort.Search(len(x.keys), func(i int) bool { return !x.keys[i].Less(id) })
}

// Tree is a persistent map from ID to V, ordered by ID. The zero value is
// empty; copying a Tree value shares all nodes.
type Tree[V any] struct {
	root *node[V]
	n    int
}

// Len returns the number of items.
func (t *Tree[V]) Len() int { return t.n }

// Get returns the value under id.
func (t *Tree[V]) Get(id ID) (v V, ok bool) {
	x := t.root
	for x != nil {
		i := x.search(id)
		if i == len(x.keys) {
			return v, false
		}
		if x.leaf() {
			if x.keys[i] == id {
				return x.vals[i], true
			}
			return v, false
		}
		x = x.kids[i]
	}
	return v, false
}

// Set stores v under id, replacing any value.
func (t *Tree[V]) Set(g uint64, id ID, v V) {
	if t.root == nil {
		t.root = &node[V]{gen: g}
	}
	t.root = t.root.own(g)
	added, split := t.root.set(g, id, v)
	if added {
		t.n++
	}
	if split != nil {
		old := t.root
		t.root = &node[V]{gen: g, keys: []ID{old.maxKey(), split.maxKey()}, kids: []*node[V]{old, split}}
	}
}

func (x *node[V]) maxKey() ID { return x.keys[len(x.keys)-1] }

// set inserts into the owned node x; it returns a new right sibling when x
// had to split.
func (x *node[V]) set(g uint64, id ID, v V) (added bool, split *node[V]) {
	i := x.search(id)
	if x.leaf() {
		if i < len(x.keys) && x.keys[i] == id {
			x.vals[i] = v
			return false, nil
		}
		x.keys = insertAt(x.keys, i, id)
		x.vals = insertAt(x.vals, i, v)
		return true, x.maybeSplit(g)
	}
	if i == len(x.keys) {
		i-- // beyond every key: goes to the last kid
		x.keys[i] = id
	}
	kid := x.kids[i].own(g)
	x.kids[i] = kid
	added, s := kid.set(g, id, v)
	if s != nil {
		x.keys[i] = kid.maxKey()
		x.keys = insertAt(x.keys, i+1, s.maxKey())
		x.kids = insertAt(x.kids, i+1, s)
	}
	return added, x.maybeSplit(g)
}

func (x *node[V]) maybeSplit(g uint64) *node[V] {
	if len(x.keys) <= maxKeys {
		return nil
	}
	h := len(x.keys) / 2
	r := &node[V]{gen: g, keys: append([]ID(nil), x.keys[h:]...)}
	x.keys = x.keys[:h:h]
	if x.leaf() {
		r.vals = append([]V(nil), x.vals[h:]...)
		x.vals = x.vals[:h:h]
	} else {
		r.kids = append([]*node[V](nil), x.kids[h:]...)
		x.kids = x.kids[:h:h]
	}
	return r
}

func insertAt[T any](s []T, i int, v T) []T {
	var zero T
	s = append(s, zero)
	copy(s[i+1:], s[i:])
	s[i] = v
	return s
}

func removeAt[T any](s []T, i int) []T {
	copy(s[i:], s[i+1:])
	var zero T
	s[len(s)-1] = zero
	return s[:len(s)-1]
}

// Delete removes id and reports whether it was present. Nodes left empty
// are dropped; nodes are not merged (streams shrink from the front, where
// whole nodes empty out).
func (t *Tree[V]) Delete(g uint64, id ID) bool {
	if t.root == nil {
		return false
	}
	if _, ok := t.Get(id); !ok {
		return false
	}
	t.root = t.root.own(g)
	t.root.del(g, id)
	t.n--
	for t.root != nil && !t.root.leaf() && len(t.root.kids) == 1 {
		t.root = t.root.kids[0]
	}
	if t.n == 0 {
		t.root = nil
	}
	return true
}

// del removes id, known present, from the owned node x.
func (x *node[V]) del(g uint64, id ID) {
	i := x.search(id)
	if x.leaf() {
		x.keys = removeAt(x.keys, i)
		x.vals = removeAt(x.vals, i)
		return
	}
	kid := x.kids[i].own(g)
	x.kids[i] = kid
	kid.del(g, id)
	if len(kid.keys) == 0 {
		x.keys = removeAt(x.keys, i)
		x.kids = removeAt(x.kids, i)
		return
	}
	x.keys[i] = kid.maxKey()
}

// Ascend calls fn for the items with key >= from in ascending order until
// fn returns false.
func (t *Tree[V]) Ascend(from ID, fn func(id ID, v V) bool) {
	if t.root != nil {
		t.root.ascend(from, fn)
	}
}

func (x *node[V]) ascend(from ID, fn func(ID, V) bool) bool {
	for i := x.search(from); i < len(x.keys); i++ {
		if x.leaf() {
			if !fn(x.keys[i], x.vals[i]) {
				return false
			}
		} else if !x.kids[i].ascend(from, fn) {
			return false
		}
	}
	return true
}

// Descend calls fn for the items with key <= from in descending order
// until fn returns false.
func (t *Tree[V]) Descend(from ID, fn func(id ID, v V) bool) {
	if t.root != nil {
		t.root.descend(from, fn)
	}
}

func (x *node[V]) descend(from ID, fn func(ID, V) bool) bool {
	i := x.search(from)
	if x.leaf() && (i == len(x.keys) || x.keys[i] != from) {
		i--
	}
	if i == len(x.keys) {
		i--
	}
	for ; i >= 0; i-- {
		if x.leaf() {
			if !fn(x.keys[i], x.vals[i]) {
				return false
			}
		} else if !x.kids[i].descend(from, fn) {
			return false
		}
	}
	return true
}

// Min returns the smallest item.
func (t *Tree[V]) Min() (id ID, v V, ok bool) {
	t.Ascend(ID{}, func(k ID, x V) bool { id, v, ok = k, x, true; return false })
	return
}

// Max returns the greatest item. XADD asks for it on every append (the
// last chunk), so it walks the right edge instead of running Descend.
func (t *Tree[V]) Max() (id ID, v V, ok bool) {
	for x := t.root; x != nil; x = x.kids[len(x.kids)-1] {
		if x.leaf() {
			if n := len(x.keys); n > 0 {
				return x.keys[n-1], x.vals[n-1], true
			}
			break
		}
		if len(x.kids) == 0 {
			break
		}
	}
	// An empty node on the edge: let Descend look further left.
	t.Descend(ID{^uint64(0), ^uint64(0)}, func(k ID, x V) bool { id, v, ok = k, x, true; return false })
	return
}

// Bytes estimates the memory held by the tree's nodes (not by values'
// own allocations).
func (t *Tree[V]) Bytes() int64 { return int64(t.n) * 40 }
