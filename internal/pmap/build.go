package pmap

// Build fills an empty map with es in one pass and reports the index in es
// of a key that repeats an earlier key, or -1. On a repeat the map stays
// empty.
//
// Inserting a million keys one by one copies every leaf array along the
// way and touches the trie in random order; loading a snapshot spent most
// of its time there. Build groups the keys by hash digit, level by level
// (a radix sort in the trie's own digit order), and allocates every node
// once at its final size, with the same shape Set would have produced.
func (m *Map[V]) Build(g uint64, es []Entry[V]) int {
	if m.root != nil {
		panic("pmap: Build on a non-empty map")
	}
	if len(es) == 0 {
		return -1
	}
	hs := make([]hashed, len(es))
	for i := range es {
		hs[i] = hashed{h: Hash(es[i].Key), i: int32(i)}
	}
	root, dup := build(g, es, hs, make([]hashed, len(es)), 0)
	if dup >= 0 {
		return dup
	}
	m.root, m.size = root, len(es)
	return -1
}

// hashed is an entry's hash and its index in the caller's slice.
type hashed struct {
	h uint64
	i int32
}

// build makes the node for hs, whose hashes agree on every digit below
// shift. tmp is scratch space as long as hs.
func build[V any](g uint64, es []Entry[V], hs, tmp []hashed, shift uint) (*node[V], int) {
	n := &node[V]{gen: g}
	if shift >= maxShift {
		// Full-hash collisions: equal keys here are repeats.
		n.data = make([]Entry[V], len(hs))
		for a, x := range hs {
			for _, y := range hs[:a] {
				if es[x.i].Key == es[y.i].Key {
					return nil, int(max(x.i, y.i))
				}
			}
			n.data[a] = es[x.i]
		}
		return n, -1
	}
	var start [fanout + 1]int32
	for _, x := range hs {
		start[(x.h>>shift)&31+1]++
	}
	nData, nNodes := 0, 0
	for d := 0; d < fanout; d++ {
		switch start[d+1] {
		case 0:
		case 1:
			n.dataMap |= 1 << d
			nData++
		default:
			n.nodeMap |= 1 << d
			nNodes++
		}
		start[d+1] += start[d]
	}
	pos := start
	for _, x := range hs {
		d := (x.h >> shift) & 31
		tmp[pos[d]] = x
		pos[d]++
	}
	copy(hs, tmp)
	if nData > 0 {
		n.data = make([]Entry[V], 0, nData)
	}
	if nNodes > 0 {
		n.children = make([]*node[V], 0, nNodes)
	}
	for d := 0; d < fanout; d++ {
		lo, hi := start[d], start[d+1]
		switch hi - lo {
		case 0:
		case 1:
			n.data = append(n.data, es[hs[lo].i])
		default:
			c, dup := build(g, es, hs[lo:hi], tmp[lo:hi], shift+5)
			if dup >= 0 {
				return nil, dup
			}
			n.children = append(n.children, c)
		}
	}
	return n, -1
}
