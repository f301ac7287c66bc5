package rdb

import (
	"iter"

	"github.com/strata-db/strata/engine"
)

// WriteSet writes a set as an intset when every member is a canonical
// integer and there are at most set-max-intset-entries of them, else as a
// plain set (type 2) in iteration order.
// REQUIRES: members can be iterated twice.
func (e *Encoder) WriteSet(k KeyInfo, members iter.Seq[string]) error {
	return e.writeSet(k, members, nil)
}

// writeSet reads set, or members when set is nil (walk).
func (e *Encoder) writeSet(k KeyInfo, members iter.Seq[string], set *engine.Set) error {
	w := e.walker()
	pass := func(fn func(string) bool) {
		if set != nil {
			set.Range(fn)
			return
		}
		members(fn)
	}
	w.reset()
	pass(w.setScan)
	if w.n == 0 {
		return ErrEmptyValue
	}
	if w.small {
		e.beginKey(&k, TypeSetIntset)
		e.lp = buildIntset(e.lp, w.ints)
		e.out.writeBlob(e.lp)
		return e.finish()
	}
	e.beginKey(&k, TypeSet)
	e.out.writeLen(uint64(w.n))
	pass(w.setWrite)
	return e.finish()
}
