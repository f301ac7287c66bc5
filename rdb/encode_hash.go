package rdb

import "iter"

// WriteHash writes a hash as a listpack when it has at most
// hash-max-listpack-entries fields and no field or value is longer than
// hash-max-listpack-value bytes, else as a plain hash (type 4).
// REQUIRES: fields can be iterated twice.
func (e *Encoder) WriteHash(k KeyInfo, fields iter.Seq2[string, string]) error {
	return e.writeHash(k, pairSeq(fields))
}

// pairRanger is what writeHash reads a hash through: an engine hash
// itself, or an iterator (pairSeq). NB: an interface rather than an
// iter.Seq2 so that the loop bodies are the encoder's own functions, made
// once: a range-over-func body passed to a function it cannot see is a
// closure on the heap, and a save of 100,000 hashes made 600,000 of them
// (14 MB of garbage per save, which brings the collector into the save).
type pairRanger interface {
	Range(fn func(field, value string) bool)
}

type pairSeq iter.Seq2[string, string]

func (s pairSeq) Range(fn func(field, value string) bool) { s(fn) }

// hashWalk holds the state of writeHash's passes and their bodies.
type hashWalk struct {
	e       *Encoder
	n       int
	small   bool
	lp      lpBuilder
	measure func(f, v string) bool
	pack    func(f, v string) bool
	write   func(f, v string) bool
}

func (w *hashWalk) init(e *Encoder) {
	w.e = e
	w.measure = func(f, v string) bool {
		w.n++
		if len(f) > e.opts.HashMaxListpackValue || len(v) > e.opts.HashMaxListpackValue {
			w.small = false
		}
		return true
	}
	w.pack = func(f, v string) bool {
		w.lp.appendString(f)
		w.lp.appendString(v)
		return true
	}
	w.write = func(f, v string) bool {
		e.out.writeString(f)
		e.out.writeString(v)
		e.out.maybeFlush()
		return true
	}
}

func (e *Encoder) writeHash(k KeyInfo, fields pairRanger) error {
	w := &e.hash
	if w.e == nil {
		w.init(e)
	}
	w.n, w.small = 0, true
	fields.Range(w.measure)
	if w.n == 0 {
		return ErrEmptyValue
	}
	if w.small && w.n <= e.opts.HashMaxListpackEntries {
		e.beginKey(&k, TypeHashListpack)
		w.lp.reset(e.lp)
		fields.Range(w.pack)
		e.lp = w.lp.finish()
		e.out.writeBlob(e.lp)
		return e.finish()
	}
	e.beginKey(&k, TypeHash)
	e.out.writeLen(uint64(w.n))
	fields.Range(w.write)
	return e.finish()
}
