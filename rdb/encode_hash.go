package rdb

import "iter"

// WriteHash writes a hash as a listpack when it has at most
// hash-max-listpack-entries fields and no field or value is longer than
// hash-max-listpack-value bytes, else as a plain hash (type 4).
// REQUIRES: fields can be iterated twice.
func (e *Encoder) WriteHash(k KeyInfo, fields iter.Seq2[string, string]) error {
	n, small := 0, true
	for f, v := range fields {
		n++
		if len(f) > e.opts.HashMaxListpackValue || len(v) > e.opts.HashMaxListpackValue {
			small = false
		}
	}
	if n == 0 {
		return ErrEmptyValue
	}
	if small && n <= e.opts.HashMaxListpackEntries {
		e.beginKey(&k, TypeHashListpack)
		lp := newLPBuilder(e.lp)
		for f, v := range fields {
			lp.appendString(f)
			lp.appendString(v)
		}
		e.lp = lp.finish()
		e.out.writeBlob(e.lp)
		return e.finish()
	}
	e.beginKey(&k, TypeHash)
	e.out.writeLen(uint64(n))
	for f, v := range fields {
		e.out.writeString(f)
		e.out.writeString(v)
		e.out.maybeFlush()
	}
	return e.finish()
}
