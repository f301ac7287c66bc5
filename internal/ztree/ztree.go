// Package ztree is a persistent ordered tree of (score, member) items with
// subtree counts: a B+tree whose internal nodes know how many items lie
// under each child, so rank and index lookups are O(log n). It is the
// ordered half of a big sorted set (the other half maps member to score).
//
//	internal: counts [c0 ... ck]  kids [*n0 ... *nk]  last = greatest item below
//	leaf:     items [(score, member) ...] sorted
//
// Order: by score, then by member bytes, as Redis's skiplist.
//
// Ownership by generation, as in internal/pmap: mutating calls take the
// writer's generation g; nodes of another generation are copied before
// they change (path copying), so a copied Tree value is a frozen snapshot.
package ztree

import "sort"

// Item is one member with its score.
type Item struct {
	Score  float64
	Member string
}

// Less orders items by score, then member.
func Less(a, b Item) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return a.Member < b.Member
}

const (
	maxItems = 64
	maxKids  = 64
)

type node struct {
	gen    uint64
	n      int
	last   Item
	items  []Item // leaf
	counts []int  // internal
	kids   []*node
}

func (x *node) leaf() bool { return x.kids == nil }

func (x *node) own(g uint64) *node {
	if x.gen == g {
		return x
	}
	c := &node{gen: g, n: x.n, last: x.last}
	if x.leaf() {
		c.items = append(make([]Item, 0, len(x.items)+1), x.items...)
		return c
	}
	c.counts = append(make([]int, 0, len(x.counts)+1), x.counts...)
	c.kids = append(make([]*node, 0, len(x.kids)+1), x.kids...)
	return c
}

func (x *node) refreshLast() {
	if x.leaf() {
		if len(x.items) > 0 {
			x.last = x.items[len(x.items)-1]
		}
		return
	}
	if len(x.kids) > 0 {
		x.last = x.kids[len(x.kids)-1].last
	}
}

// Tree is the persistent ordered tree; the zero value is empty.
type Tree struct {
	root *node
}

// Len returns the number of items.
func (t *Tree) Len() int {
	if t.root == nil {
		return 0
	}
	return t.root.n
}

// Search returns the number of items for which pred is false, where pred
// is monotone over the order (false ... false true ... true). With
// pred = "item >= x" it is the rank of x.
func (t *Tree) Search(pred func(Item) bool) int {
	x := t.root
	if x == nil {
		return 0
	}
	rank := 0
	for !x.leaf() {
		k := sort.Search(len(x.kids)-1, func(k int) bool { return pred(x.kids[k].last) })
		for j := 0; j < k; j++ {
			rank += x.counts[j]
		}
		x = x.kids[k]
	}
	return rank + sort.Search(len(x.items), func(i int) bool { return pred(x.items[i]) })
}

// Rank returns the number of items less than it.
func (t *Tree) Rank(it Item) int {
	return t.Search(func(x Item) bool { return !Less(x, it) })
}

// At returns the item of rank i. REQUIRES: 0 <= i < Len.
func (t *Tree) At(i int) Item {
	x := t.root
	for !x.leaf() {
		k := 0
		for i >= x.counts[k] {
			i -= x.counts[k]
			k++
		}
		x = x.kids[k]
	}
	return x.items[i]
}

// Insert adds it, which must not be present.
func (t *Tree) Insert(g uint64, it Item) {
	if t.root == nil {
		t.root = &node{gen: g, items: make([]Item, 0, 4)}
	}
	left, right := insert(t.root, g, it)
	if right == nil {
		t.root = left
		return
	}
	t.root = &node{gen: g, n: left.n + right.n, last: right.last,
		counts: []int{left.n, right.n}, kids: []*node{left, right}}
}

func insert(x *node, g uint64, it Item) (*node, *node) {
	x = x.own(g)
	x.n++
	if x.leaf() {
		i := sort.Search(len(x.items), func(i int) bool { return Less(it, x.items[i]) })
		x.items = append(x.items, Item{})
		copy(x.items[i+1:], x.items[i:])
		x.items[i] = it
		x.refreshLast()
		if len(x.items) > maxItems {
			if i == len(x.items)-1 {
				// Appending in order (rising scores are common): keep the
				// left leaf full instead of leaving half-empty leaves behind.
				return splitAt(x, g, len(x.items)-1)
			}
			return split(x, g)
		}
		return x, nil
	}
	k := sort.Search(len(x.kids)-1, func(k int) bool { return Less(it, x.kids[k].last) })
	left, right := insert(x.kids[k], g, it)
	x.kids[k], x.counts[k] = left, left.n
	if right != nil {
		x.kids = append(x.kids, nil)
		copy(x.kids[k+2:], x.kids[k+1:])
		x.kids[k+1] = right
		x.counts = append(x.counts, 0)
		copy(x.counts[k+2:], x.counts[k+1:])
		x.counts[k+1] = right.n
	}
	x.refreshLast()
	if len(x.kids) > maxKids {
		return split(x, g)
	}
	return x, nil
}

func split(x *node, g uint64) (*node, *node) {
	if x.leaf() {
		return splitAt(x, g, len(x.items)/2)
	}
	r := &node{gen: g}
	h := len(x.kids) / 2
	r.kids = append([]*node(nil), x.kids[h:]...)
	r.counts = append([]int(nil), x.counts[h:]...)
	x.kids = x.kids[:h:h]
	x.counts = x.counts[:h:h]
	x.n, r.n = sum(x.counts), sum(r.counts)
	x.refreshLast()
	r.refreshLast()
	return x, r
}

// splitAt cuts a leaf before item h.
func splitAt(x *node, g uint64, h int) (*node, *node) {
	r := &node{gen: g}
	r.items = append(make([]Item, 0, len(x.items)-h+2), x.items[h:]...)
	x.items = append(make([]Item, 0, h+1), x.items[:h]...)
	x.n, r.n = len(x.items), len(r.items)
	x.refreshLast()
	r.refreshLast()
	return x, r
}

func sum(c []int) int {
	s := 0
	for _, v := range c {
		s += v
	}
	return s
}

// Delete removes it and reports whether it was present.
func (t *Tree) Delete(g uint64, it Item) bool {
	i := t.Rank(it)
	if i >= t.Len() || t.At(i) != it {
		return false
	}
	t.DeleteAt(g, i)
	return true
}

// DeleteAt removes the item of rank i and returns it.
// REQUIRES: 0 <= i < Len.
func (t *Tree) DeleteAt(g uint64, i int) Item {
	var it Item
	t.root = deleteAt(t.root, g, i, &it)
	for t.root != nil && !t.root.leaf() && len(t.root.kids) == 1 {
		t.root = t.root.kids[0]
	}
	if t.root != nil && t.root.n == 0 {
		t.root = nil
	}
	return it
}

func deleteAt(x *node, g uint64, i int, out *Item) *node {
	x = x.own(g)
	x.n--
	if x.leaf() {
		*out = x.items[i]
		x.items = append(x.items[:i], x.items[i+1:]...)
		x.refreshLast()
		return x
	}
	k := 0
	for i >= x.counts[k] {
		i -= x.counts[k]
		k++
	}
	x.kids[k] = deleteAt(x.kids[k], g, i, out)
	x.counts[k]--
	x.rebalance(g, k)
	x.refreshLast()
	return x
}

// rebalance drops kid k when empty or merges it with a neighbour when
// both together fit comfortably in one node.
func (x *node) rebalance(g uint64, k int) {
	if x.counts[k] == 0 {
		x.kids = append(x.kids[:k], x.kids[k+1:]...)
		x.counts = append(x.counts[:k], x.counts[k+1:]...)
		return
	}
	if k+1 < len(x.kids) && x.merge(g, k) {
		return
	}
	if k > 0 {
		x.merge(g, k-1)
	}
}

func (x *node) merge(g uint64, k int) bool {
	a, b := x.kids[k], x.kids[k+1]
	if a.leaf() {
		if len(a.items)+len(b.items) > maxItems/2 {
			return false
		}
		a = a.own(g)
		a.items = append(a.items, b.items...)
	} else {
		if len(a.kids)+len(b.kids) > maxKids/2 {
			return false
		}
		a = a.own(g)
		a.kids = append(a.kids, b.kids...)
		a.counts = append(a.counts, b.counts...)
	}
	a.n += b.n
	a.refreshLast()
	x.kids[k], x.counts[k] = a, a.n
	x.kids = append(x.kids[:k+1], x.kids[k+2:]...)
	x.counts = append(x.counts[:k+1], x.counts[k+2:]...)
	return true
}

// Range calls fn with the items from rank from upwards (or downwards when
// reverse) until fn returns false.
func (t *Tree) Range(from int, reverse bool, fn func(rank int, it Item) bool) {
	if t.root == nil || from < 0 || from >= t.root.n {
		return
	}
	if reverse {
		walkRev(t.root, from, from, fn)
		return
	}
	walk(t.root, from, from, fn)
}

func walk(x *node, i, abs int, fn func(int, Item) bool) bool {
	if x.leaf() {
		for ; i < len(x.items); i++ {
			if !fn(abs, x.items[i]) {
				return false
			}
			abs++
		}
		return true
	}
	for k := range x.kids {
		if i >= x.counts[k] {
			i -= x.counts[k]
			continue
		}
		if !walk(x.kids[k], i, abs, fn) {
			return false
		}
		abs += x.counts[k] - i
		i = 0
	}
	return true
}

func walkRev(x *node, i, abs int, fn func(int, Item) bool) bool {
	if x.leaf() {
		for ; i >= 0; i-- {
			if !fn(abs, x.items[i]) {
				return false
			}
			abs--
		}
		return true
	}
	k := 0
	for i >= x.counts[k] {
		i -= x.counts[k]
		k++
	}
	for ; k >= 0; k-- {
		if !walkRev(x.kids[k], i, abs, fn) {
			return false
		}
		abs -= i + 1
		if k > 0 {
			i = x.counts[k-1] - 1
		}
	}
	return true
}

// Bytes estimates the memory the tree's nodes hold (not member bytes).
func (t *Tree) Bytes() int64 {
	if t.root == nil {
		return 0
	}
	return bytesOf(t.root)
}

func bytesOf(x *node) int64 {
	const hdr = 112
	if x.leaf() {
		return hdr + 24*int64(cap(x.items))
	}
	n := int64(hdr + 16*cap(x.kids))
	for _, k := range x.kids {
		n += bytesOf(k)
	}
	return n
}
