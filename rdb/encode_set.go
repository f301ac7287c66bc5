package rdb

import "iter"

// WriteSet writes a set as an intset when every member is a canonical
// integer and there are at most set-max-intset-entries of them, else as a
// plain set (type 2) in iteration order.
// REQUIRES: members can be iterated twice.
func (e *Encoder) WriteSet(k KeyInfo, members iter.Seq[string]) error {
	n, ints := 0, []int64{}
	for m := range members {
		n++
		if ints == nil {
			continue
		}
		v, ok := parseCanonicalInt(m, 20)
		if !ok || n > e.opts.SetMaxIntsetEntries {
			ints = nil
			continue
		}
		ints = append(ints, v)
	}
	if n == 0 {
		return ErrEmptyValue
	}
	if ints != nil {
		e.beginKey(&k, TypeSetIntset)
		e.lp = buildIntset(e.lp, ints)
		e.out.writeBlob(e.lp)
		return e.finish()
	}
	e.beginKey(&k, TypeSet)
	e.out.writeLen(uint64(n))
	for m := range members {
		e.out.writeString(m)
		e.out.maybeFlush()
	}
	return e.finish()
}
