// Package plist is a persistent list of byte strings: packed chunks (like
// Redis's listpack nodes) hung under a counted B+tree, so that indexing,
// replacing and inserting are O(log n) and a snapshot is O(1).
//
//	root (internal): counts [c0 c1 ... ck]   kids [*n0 *n1 ... *nk]
//	   |                                 (ci = elements under kid i)
//	leaf (chunk): data = entry entry ...
//	entry:        uvarint(len) bytes backlen
//
// backlen is the size of uvarint(len) bytes, written so that it reads
// backwards from the entry's end (as Redis's listpack backlen): 7 bits a
// byte, most significant group first, the high bit set on every byte but
// the first. A chunk is thus decodable from either end, and the tail of a
// list (RPOP, LINDEX -1, LRANGE -n -1) costs no walk over the chunk.
//
// Ownership by generation, as in internal/pmap: every node records the
// generation that made it. Mutating calls take the writer's generation g;
// a node with gen == g is changed in place, any other node is copied first
// (path copying). A chunk is at most ChunkBytes long (unless it holds a
// single bigger element), so copying one costs little.
//
// Concurrency: a List value may be read by many goroutines while nobody
// mutates it with the generation of its nodes.
package plist

import "encoding/binary"

// ChunkBytes is the target size of a chunk, as Redis's
// list-max-listpack-size -2 (8 KB).
const ChunkBytes = 8 << 10

// maxKids is the fan-out of internal nodes.
const maxKids = 64

type node struct {
	gen    uint64
	n      int     // elements below
	data   []byte  // leaf: packed elements
	counts []int   // internal: elements under each kid
	kids   []*node // internal
}

func (x *node) leaf() bool { return x.kids == nil }

func (x *node) own(g uint64) *node {
	if x.gen == g {
		return x
	}
	c := &node{gen: g, n: x.n}
	if x.leaf() {
		c.data = append(make([]byte, 0, len(x.data)+16), x.data...)
		return c
	}
	c.counts = append(make([]int, 0, len(x.counts)+1), x.counts...)
	c.kids = append(make([]*node, 0, len(x.kids)+1), x.kids...)
	return c
}

// List is a persistent list. The zero value is empty. Copying a List value
// shares all nodes; see the package doc for ownership.
type List struct {
	root *node
}

// Len returns the number of elements.
func (l *List) Len() int {
	if l.root == nil {
		return 0
	}
	return l.root.n
}

// Gen returns the generation of the root node (0 for an empty list).
func (l *List) Gen() uint64 {
	if l.root == nil {
		return 0
	}
	return l.root.gen
}

// entryAt returns the offset of the i-th of the n elements of a chunk,
// walking from the nearer end.
func entryAt(data []byte, n, i int) int {
	if i > n/2 {
		off := len(data)
		for ; n > i; n-- {
			off = prev(data, off)
		}
		return off
	}
	off := 0
	for ; i > 0; i-- {
		_, off = entry(data, off)
	}
	return off
}

// kidAt returns the kid of internal node x that holds element i, and i's
// index within that kid; n is the number of elements under x. It walks the
// counts from the nearer end: RPOP, LINDEX -1 and a range at the tail
// cross a few kids instead of up to maxKids at every level.
func (x *node) kidAt(i, n int) (k, j int) {
	if i > n/2 {
		rest := n
		for k = len(x.kids) - 1; ; k-- {
			rest -= x.counts[k]
			if i >= rest {
				return k, i - rest
			}
		}
	}
	for i >= x.counts[k] {
		i -= x.counts[k]
		k++
	}
	return k, i
}

// entry decodes the element at off: its bytes and the offset after it.
func entry(data []byte, off int) (v []byte, next int) {
	n, w := binary.Uvarint(data[off:])
	start := off + w
	end := start + int(n)
	return data[start:end], end + backlenSize(w+int(n))
}

// prev returns the offset of the entry that ends at end.
func prev(data []byte, end int) int {
	size, shift, p := 0, 0, end
	for {
		p--
		b := data[p]
		size |= int(b&0x7f) << shift
		shift += 7
		if b&0x80 == 0 {
			break
		}
	}
	return p - size
}

// backlenSize is how many bytes the backlen of an entry of size bytes
// takes.
func backlenSize(size int) int {
	n := 1
	for size >= 0x80 {
		size >>= 7
		n++
	}
	return n
}

// putBacklen writes the backlen of size into b, which is
// backlenSize(size) long.
func putBacklen(b []byte, size int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte(size&0x7f) | 0x80
		size >>= 7
	}
	b[0] &^= 0x80
}

// Get returns element i. The slice aliases the list: do not modify or
// keep it past the next mutation. REQUIRES: 0 <= i < Len.
func (l *List) Get(i int) []byte {
	x := l.root
	for !x.leaf() {
		var k int
		k, i = x.kidAt(i, x.n)
		x = x.kids[k]
	}
	v, _ := entry(x.data, entryAt(x.data, x.n, i))
	return v
}

// Set replaces element i. REQUIRES: 0 <= i < Len.
func (l *List) Set(g uint64, i int, v []byte) {
	l.root = set(l.root, g, i, v)
}

func set(x *node, g uint64, i int, v []byte) *node {
	x = x.own(g)
	if x.leaf() {
		off := entryAt(x.data, x.n, i)
		_, end := entry(x.data, off)
		x.data = splice(x.data, off, end, v)
		return x
	}
	k, i := x.kidAt(i, x.n)
	x.kids[k] = set(x.kids[k], g, i, v)
	return x
}

// splice replaces data[off:end] by the encoding of v.
func splice(data []byte, off, end int, v []byte) []byte {
	var hdr [binary.MaxVarintLen64]byte
	w := binary.PutUvarint(hdr[:], uint64(len(v)))
	bl := backlenSize(w + len(v))
	enc := w + len(v) + bl
	delta := enc - (end - off)
	if delta > 0 {
		data = grow(data, delta)
		copy(data[off+enc:], data[end:len(data)-delta])
	} else if delta < 0 {
		copy(data[off+enc:], data[end:])
		data = data[:len(data)+delta]
	}
	copy(data[off:], hdr[:w])
	copy(data[off+w:], v)
	putBacklen(data[off+w+len(v):off+enc], w+len(v))
	return data
}

// grow extends data by n bytes, capping the spare capacity near
// ChunkBytes so full chunks do not carry doubled buffers.
func grow(data []byte, n int) []byte {
	need := len(data) + n
	if need <= cap(data) {
		return data[:need]
	}
	c := min(max(2*cap(data), 64), ChunkBytes+256)
	c = max(c, need)
	nd := make([]byte, need, c)
	copy(nd, data)
	return nd
}

// Insert puts v before element i (i == Len appends).
// REQUIRES: 0 <= i <= Len.
func (l *List) Insert(g uint64, i int, v []byte) {
	if l.root == nil {
		l.root = &node{gen: g}
	}
	left, right := insert(l.root, g, i, v)
	if right == nil {
		l.root = left
		return
	}
	l.root = &node{gen: g, n: left.n + right.n,
		counts: []int{left.n, right.n}, kids: []*node{left, right}}
}

// PushFront and PushBack add v at either end.
func (l *List) PushFront(g uint64, v []byte) { l.Insert(g, 0, v) }

// PushBack appends v.
func (l *List) PushBack(g uint64, v []byte) { l.Insert(g, l.Len(), v) }

func insert(x *node, g uint64, i int, v []byte) (*node, *node) {
	x = x.own(g)
	x.n++
	if x.leaf() {
		off := len(x.data)
		if i < x.n-1 {
			off = entryAt(x.data, x.n-1, i)
		}
		x.data = splice(x.data, off, off, v)
		if len(x.data) > ChunkBytes && x.n > 1 {
			switch i {
			case x.n - 1:
				// Pushing at the tail: keep the full chunk, start a new one.
				return splitLeafAt(x, g, x.n-1)
			case 0:
				return splitLeafAt(x, g, 1)
			}
			return splitLeaf(x, g)
		}
		return x, nil
	}
	// NB: i == counts[k] appends to kid k rather than prepending to k+1.
	k := 0
	if before := x.n - 1; i > before/2 {
		// Nearer the end (RPUSH always is): walk back from the last kid
		// instead of across up to maxKids counts.
		k = len(x.kids) - 1
		rest := before - x.counts[k] // elements in the kids before k
		for k > 0 && i <= rest {
			k--
			rest -= x.counts[k]
		}
		i -= rest
	} else {
		for k < len(x.kids)-1 && i > x.counts[k] {
			i -= x.counts[k]
			k++
		}
	}
	left, right := insert(x.kids[k], g, i, v)
	x.kids[k], x.counts[k] = left, left.n
	if right == nil {
		return x, nil
	}
	x.kids = append(x.kids, nil)
	copy(x.kids[k+2:], x.kids[k+1:])
	x.kids[k+1] = right
	x.counts = append(x.counts, 0)
	copy(x.counts[k+2:], x.counts[k+1:])
	x.counts[k+1] = right.n
	if len(x.kids) > maxKids {
		return splitInternal(x, g)
	}
	return x, nil
}

// splitLeaf cuts a chunk in two halves by bytes.
func splitLeaf(x *node, g uint64) (*node, *node) {
	off, cnt := 0, 0
	for off < len(x.data)/2 && cnt < x.n-1 {
		_, off = entry(x.data, off)
		cnt++
	}
	if cnt == 0 {
		_, off = entry(x.data, 0)
		cnt = 1
	}
	return splitLeafAt(x, g, cnt)
}

// splitLeafAt cuts a chunk after its first cnt elements.
// REQUIRES: 0 < cnt < x.n.
func splitLeafAt(x *node, g uint64, cnt int) (*node, *node) {
	off := entryAt(x.data, x.n, cnt)
	right := &node{gen: g, n: x.n - cnt, data: append([]byte(nil), x.data[off:]...)}
	x.data = x.data[:off:off]
	x.data = append(make([]byte, 0, off+16), x.data...)
	x.n = cnt
	return x, right
}

func splitInternal(x *node, g uint64) (*node, *node) {
	h := len(x.kids) / 2
	right := &node{gen: g,
		kids:   append([]*node(nil), x.kids[h:]...),
		counts: append([]int(nil), x.counts[h:]...)}
	x.kids = x.kids[:h:h]
	x.counts = x.counts[:h:h]
	x.n = sum(x.counts)
	right.n = sum(right.counts)
	return x, right
}

func sum(c []int) int {
	s := 0
	for _, v := range c {
		s += v
	}
	return s
}

// Delete removes count elements starting at i. REQUIRES: the range lies
// within the list.
func (l *List) Delete(g uint64, i, count int) {
	if count <= 0 {
		return
	}
	l.root = del(l.root, g, i, count)
	for l.root != nil && !l.root.leaf() && len(l.root.kids) == 1 {
		l.root = l.root.kids[0]
	}
	if l.root != nil && l.root.n == 0 {
		l.root = nil
	}
}

func del(x *node, g uint64, i, count int) *node {
	x = x.own(g)
	x.n -= count
	if x.leaf() {
		off := entryAt(x.data, x.n+count, i)
		end := off
		for c := 0; c < count; c++ {
			_, end = entry(x.data, end)
		}
		if off == 0 {
			// NB: the head of a chunk (LPOP, a queue's consumer) is cut
			// off by reslicing: moving the rest of an 8 KB chunk down
			// was a fifth of pipelined LPOP's time. The cut bytes stay
			// with the chunk's array, as they did when the rest moved
			// down, until the chunk is emptied or copied.
			x.data = x.data[end:]
			return x
		}
		x.data = append(x.data[:off], x.data[end:]...)
		return x
	}
	lo, hi := -1, -1
	k0, i := x.kidAt(i, x.n+count)
	for k := k0; k < len(x.kids) && count > 0; k++ {
		c := min(count, x.counts[k]-i)
		x.kids[k] = del(x.kids[k], g, i, c)
		x.counts[k] -= c
		count -= c
		i = 0
		if lo < 0 {
			lo = k
		}
		hi = k
	}
	x.compact(g, lo, hi)
	return x
}

// compact drops the emptied kids among lo..hi and merges small neighbours
// around them, so chunks stay reasonably full after deletes.
func (x *node) compact(g uint64, lo, hi int) {
	for k := hi; k >= lo; k-- {
		if x.counts[k] == 0 {
			x.remove(k)
			hi--
		}
	}
	for k := max(lo-1, 0); k <= hi && k+1 < len(x.kids); {
		if !x.tryMerge(g, k) {
			k++
		} else {
			hi--
		}
	}
}

// tryMerge joins kids k and k+1 when they fit in one node.
func (x *node) tryMerge(g uint64, k int) bool {
	a, b := x.kids[k], x.kids[k+1]
	if a.leaf() != b.leaf() {
		return false
	}
	if a.leaf() {
		if len(a.data)+len(b.data) > ChunkBytes*3/4 {
			return false
		}
		a = a.own(g)
		a.data = append(a.data, b.data...)
	} else {
		if len(a.kids)+len(b.kids) > maxKids*3/4 {
			return false
		}
		a = a.own(g)
		a.kids = append(a.kids, b.kids...)
		a.counts = append(a.counts, b.counts...)
	}
	a.n += b.n
	x.kids[k], x.counts[k] = a, a.n
	x.remove(k + 1)
	return true
}

func (x *node) remove(k int) {
	x.kids = append(x.kids[:k], x.kids[k+1:]...)
	x.counts = append(x.counts[:k], x.counts[k+1:]...)
}

// Range calls fn with each element from index from towards the tail (or
// towards the head when reverse) until fn returns false. The slice
// aliases the list.
func (l *List) Range(from int, reverse bool, fn func(i int, v []byte) bool) {
	if l.root == nil || from < 0 || from >= l.root.n {
		return
	}
	if reverse {
		walkRev(l.root, from, from, fn)
		return
	}
	walk(l.root, from, from, fn)
}

// walk visits elements from local index i of x; abs is the absolute index.
func walk(x *node, i, abs int, fn func(int, []byte) bool) bool {
	if x.leaf() {
		off := entryAt(x.data, x.n, i)
		for ; i < x.n; i++ {
			var v []byte
			v, off = entry(x.data, off)
			if !fn(abs, v) {
				return false
			}
			abs++
		}
		return true
	}
	k0, i := x.kidAt(i, x.n)
	for k := k0; k < len(x.kids); k++ {
		if !walk(x.kids[k], i, abs, fn) {
			return false
		}
		abs += x.counts[k] - i
		i = 0
	}
	return true
}

func walkRev(x *node, i, abs int, fn func(int, []byte) bool) bool {
	if x.leaf() {
		_, end := entry(x.data, entryAt(x.data, x.n, i))
		for ; i >= 0; i-- {
			off := prev(x.data, end)
			v, _ := entry(x.data, off)
			if !fn(abs, v) {
				return false
			}
			abs--
			end = off
		}
		return true
	}
	k, i := x.kidAt(i, x.n)
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

// FromSlice builds a list owned by g from elements (copied).
func FromSlice(g uint64, elems [][]byte) List {
	var l List
	for _, e := range elems {
		l.PushBack(g, e)
	}
	return l
}

// Chunks returns the number of chunks (leaves), for memory estimates.
func (l *List) Chunks() int {
	if l.root == nil {
		return 0
	}
	return chunks(l.root)
}

func chunks(x *node) int {
	if x.leaf() {
		return 1
	}
	n := 0
	for _, k := range x.kids {
		n += chunks(k)
	}
	return n
}

// Bytes returns the bytes of packed data plus node overhead, an estimate
// of the memory the list holds.
func (l *List) Bytes() int64 {
	if l.root == nil {
		return 0
	}
	return bytesOf(l.root)
}

func bytesOf(x *node) int64 {
	const hdr = 96
	if x.leaf() {
		return hdr + int64(cap(x.data))
	}
	n := int64(hdr + 16*cap(x.kids))
	for _, k := range x.kids {
		n += bytesOf(k)
	}
	return n
}
