package rdb

import (
	"math"

	"github.com/strata-db/strata/engine"
)

// walk holds the state of the encoder's passes over a collection (one
// pass to choose the encoding, one to write) and the functions that make
// them, bound once per encoder and reused for every key. NB: a loop body
// handed to an iterator the encoder cannot see is a closure on the heap,
// made anew for every pass of every key: a save of 100,000 small hashes
// made 600,000 of them, 14 MB of garbage that brought the collector into
// the save (server/gc.go). Nothing is buffered but what a listpack needs
// anyway, so a big collection is written as it is read.
type walk struct {
	n     int
	small bool    // hash, set, zset: the compact encoding applies
	ints  []int64 // set: the members, while all are integers
	nan   bool    // zset: a score is NaN
	plan  qlPlanner
	nodes int  // list: quicklist nodes
	open  bool // list: lp holds a node not written yet
	lp    lpBuilder
	zs    []ZMember // zset: a listpack's members, to sort
	num   []byte    // zset: a score's text

	hashScan, hashPack, hashWrite func(field, value string) bool
	listCount, listWrite          func(string) bool
	listCountB, listWriteB        func(int, []byte) bool
	setScan, setWrite             func(string) bool
	zsetScan, zsetKeep, zsetWrite func(string, float64) bool
	zsetScanE, zsetKeepE          func(int, engine.ZSetEntry) bool
	zsetWriteE                    func(int, engine.ZSetEntry) bool
}

// walker returns the encoder's walk, binding its functions the first time.
func (e *Encoder) walker() *walk {
	w := &e.walk
	if w.hashScan != nil {
		return w
	}
	w.hashScan = func(f, v string) bool {
		w.n++
		if len(f) > e.opts.HashMaxListpackValue || len(v) > e.opts.HashMaxListpackValue {
			w.small = false
		}
		return true
	}
	w.hashPack = func(f, v string) bool {
		w.lp.appendString(f)
		w.lp.appendString(v)
		return true
	}
	w.hashWrite = func(f, v string) bool {
		e.out.writeString(f)
		e.out.writeString(v)
		e.out.maybeFlush()
		return true
	}
	w.listCount = func(s string) bool {
		if n, _ := w.plan.push(s); n {
			w.nodes++
		}
		return true
	}
	w.listWrite = func(s string) bool {
		newNode, plain := w.plan.push(s)
		if newNode && w.open {
			e.writeListNode(&w.lp)
			w.open = false
		}
		if plain {
			e.out.writeLen(containerPlain)
			e.out.writeString(s)
			return true
		}
		if !w.open {
			w.lp.reset(e.lp)
			w.open = true
		}
		w.lp.appendString(s)
		return true
	}
	w.listCountB = func(_ int, b []byte) bool { return w.listCount(bytesString(b)) }
	w.listWriteB = func(_ int, b []byte) bool { return w.listWrite(bytesString(b)) }
	w.setScan = func(m string) bool {
		w.n++
		if !w.small {
			return true
		}
		v, ok := parseCanonicalInt(m, 20)
		if !ok || w.n > e.opts.SetMaxIntsetEntries {
			w.small = false
			return true
		}
		w.ints = append(w.ints, v)
		return true
	}
	w.setWrite = func(m string) bool {
		e.out.writeString(m)
		e.out.maybeFlush()
		return true
	}
	w.zsetScan = func(m string, s float64) bool {
		if s != s { // NaN
			w.nan = true
			return false
		}
		w.n++
		if len(m) > e.opts.ZSetMaxListpackValue {
			w.small = false
		}
		return true
	}
	w.zsetKeep = func(m string, s float64) bool {
		w.zs = append(w.zs, ZMember{Member: m, Score: s})
		return true
	}
	w.zsetWrite = func(m string, s float64) bool {
		e.out.writeString(m)
		e.out.writeUint64LE(math.Float64bits(s))
		e.out.maybeFlush()
		return true
	}
	w.zsetScanE = func(_ int, it engine.ZSetEntry) bool { return w.zsetScan(it.Member, it.Score) }
	w.zsetKeepE = func(_ int, it engine.ZSetEntry) bool { return w.zsetKeep(it.Member, it.Score) }
	w.zsetWriteE = func(_ int, it engine.ZSetEntry) bool { return w.zsetWrite(it.Member, it.Score) }
	return w
}

// reset starts a pass that scans.
func (w *walk) reset() {
	w.n, w.small, w.nan, w.nodes, w.open = 0, true, false, 0, false
	w.ints = w.ints[:0]
	clear(w.zs) // NB: its strings view the snapshot; keep none alive
	w.zs = w.zs[:0]
}
