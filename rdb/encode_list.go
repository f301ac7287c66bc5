package rdb

import (
	"iter"

	"github.com/strata-db/strata/engine"
)

// Quicklist node sizing, as quicklist.c decides when pushing to the tail.
var listSizeLevels = [...]int{4096, 8192, 16384, 32768, 65536}

const (
	listSafetyLimit      = 8192    // cap for count-limited nodes
	listEstimateOverhead = 8       // per-element estimate used by Redis
	listPlainThreshold   = 1 << 30 // elements this large get a PLAIN node
)

// qlPlanner decides node boundaries for elements pushed one by one.
type qlPlanner struct {
	fill  int
	open  bool // the current node is a packed node that may grow
	bytes int  // listpack bytes of the current node
	count int
}

// push returns whether s starts a new node and whether that node is PLAIN.
func (p *qlPlanner) push(s string) (newNode, plain bool) {
	if len(s) >= listPlainThreshold {
		p.open = false
		return true, true
	}
	if p.open && p.allowInsert(len(s)) {
		p.bytes += lpEntrySize(s)
		p.count++
		return false, false
	}
	p.open, p.bytes, p.count = true, lpHeaderSize+1+lpEntrySize(s), 1
	return true, false
}

func (p *qlPlanner) allowInsert(sz int) bool {
	newSize := p.bytes + sz + listEstimateOverhead
	if p.fill < 0 {
		level := -p.fill - 1
		return level < len(listSizeLevels) && newSize <= listSizeLevels[level]
	}
	return newSize <= listSafetyLimit && p.count < p.fill
}

// WriteList writes a list as a QUICKLIST_2 of listpack nodes split the way
// RPUSH would have split them.
// REQUIRES: elems can be iterated twice (one pass counts the nodes).
func (e *Encoder) WriteList(k KeyInfo, elems iter.Seq[string]) error {
	return e.writeList(k, elems, nil)
}

// writeList reads l, or elems when l is nil (walk).
func (e *Encoder) writeList(k KeyInfo, elems iter.Seq[string], l *engine.List) error {
	w := e.walker()
	pass := func(fn func(string) bool, fnB func(int, []byte) bool) {
		if l != nil {
			l.Range(0, false, fnB)
			return
		}
		elems(fn)
	}
	w.reset()
	w.plan = qlPlanner{fill: e.opts.ListMaxListpackSize}
	pass(w.listCount, w.listCountB)
	if w.nodes == 0 {
		return ErrEmptyValue
	}
	e.beginKey(&k, TypeListQuicklist2)
	e.out.writeLen(uint64(w.nodes))
	w.plan = qlPlanner{fill: e.opts.ListMaxListpackSize}
	pass(w.listWrite, w.listWriteB)
	if w.open {
		e.writeListNode(&w.lp)
		w.open = false
	}
	return e.finish()
}

func (e *Encoder) writeListNode(lp *lpBuilder) {
	e.out.writeLen(containerPacked)
	e.lp = lp.finish()
	e.out.writeBlob(e.lp)
	e.out.maybeFlush()
}
