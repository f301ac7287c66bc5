package rdb

import (
	"iter"

	"github.com/strata-db/strata/engine"
)

// WriteHash writes a hash as a listpack when it has at most
// hash-max-listpack-entries fields and no field or value is longer than
// hash-max-listpack-value bytes, else as a plain hash (type 4).
// REQUIRES: fields can be iterated twice.
func (e *Encoder) WriteHash(k KeyInfo, fields iter.Seq2[string, string]) error {
	return e.writeHash(k, fields, nil)
}

// writeHash reads h, or fields when h is nil (walk).
func (e *Encoder) writeHash(k KeyInfo, fields iter.Seq2[string, string], h *engine.Hash) error {
	w := e.walker()
	pass := func(fn func(f, v string) bool) {
		if h != nil {
			h.Range(fn)
			return
		}
		fields(fn)
	}
	w.reset()
	pass(w.hashScan)
	if w.n == 0 {
		return ErrEmptyValue
	}
	if w.small && w.n <= e.opts.HashMaxListpackEntries {
		e.beginKey(&k, TypeHashListpack)
		w.lp.reset(e.lp)
		pass(w.hashPack)
		e.lp = w.lp.finish()
		e.out.writeBlob(e.lp)
		return e.finish()
	}
	e.beginKey(&k, TypeHash)
	e.out.writeLen(uint64(w.n))
	pass(w.hashWrite)
	return e.finish()
}
