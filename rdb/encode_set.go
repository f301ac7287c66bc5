package rdb

import "iter"

// WriteSet writes a set as an intset when every member is a canonical
// integer and there are at most set-max-intset-entries of them, else as a
// plain set (type 2) in iteration order.
// REQUIRES: members can be iterated twice.
func (e *Encoder) WriteSet(k KeyInfo, members iter.Seq[string]) error {
	g := e.gathered()
	for m := range members {
		g.strs = append(g.strs, m)
	}
	return e.writeSetOf(k, g)
}

func (e *Encoder) writeSetOf(k KeyInfo, g *gather) error {
	defer g.done()
	if len(g.strs) == 0 {
		return ErrEmptyValue
	}
	ints := len(g.strs) <= e.opts.SetMaxIntsetEntries
	for _, m := range g.strs {
		if !ints {
			break
		}
		v, ok := parseCanonicalInt(m, 20)
		ints = ok
		g.ints = append(g.ints, v)
	}
	if ints {
		e.beginKey(&k, TypeSetIntset)
		e.lp = buildIntset(e.lp, g.ints)
		e.out.writeBlob(e.lp)
		return e.finish()
	}
	e.beginKey(&k, TypeSet)
	e.out.writeLen(uint64(len(g.strs)))
	for _, m := range g.strs {
		e.out.writeString(m)
		e.out.maybeFlush()
	}
	return e.finish()
}
