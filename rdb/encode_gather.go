package rdb

import "github.com/strata-db/strata/engine"

// gather holds a collection's elements while the encoder writes it: the
// writers make two passes (one to choose the encoding, one to write), and
// an engine collection is read into these buffers once instead of through
// an iterator per pass. NB: the buffers and the functions that fill them
// belong to the encoder and are reused for every key: a range-over-func
// body handed to an iterator the encoder cannot see is a closure on the
// heap, and a save of 100,000 small collections made several per key,
// garbage that brought the collector into the save (server/gc.go).
type gather struct {
	strs  []string
	ints  []int64
	zs    []ZMember
	lp    lpBuilder
	num   []byte // a score's text
	str   func(string) bool
	bytes func(int, []byte) bool
	zset  func(int, engine.ZSetEntry) bool
}

// gatherKeep is the most elements whose buffers outlive their key; a
// bigger collection's are dropped after it, not kept for the whole save.
const gatherKeep = 1 << 16

// gathered returns the encoder's empty buffers.
func (e *Encoder) gathered() *gather {
	g := &e.gather
	if g.str == nil {
		g.str = func(s string) bool { g.strs = append(g.strs, s); return true }
		g.bytes = func(_ int, b []byte) bool { g.strs = append(g.strs, bytesString(b)); return true }
		g.zset = func(_ int, it engine.ZSetEntry) bool {
			g.zs = append(g.zs, ZMember{Member: it.Member, Score: it.Score})
			return true
		}
	}
	return g
}

// done empties the buffers. NB: their strings view the snapshot's nodes;
// cleared, they keep none of them alive.
func (g *gather) done() {
	if cap(g.strs) > gatherKeep || cap(g.zs) > gatherKeep {
		g.strs, g.ints, g.zs = nil, nil, nil
		return
	}
	clear(g.strs)
	clear(g.zs)
	g.strs, g.ints, g.zs = g.strs[:0], g.ints[:0], g.zs[:0]
}
