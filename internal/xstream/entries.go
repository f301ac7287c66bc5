package xstream

import "encoding/binary"

// Entries is a persistent, compact store of stream entries: chunks of
// packed entries (like Redis's listpacks) indexed by a Tree keyed by each
// chunk's master ID (the ID of its first entry, kept even when that entry
// is deleted, as Redis's radix tree keys).
//
//	chunk data: entry*
//	entry:      flags(1) uvarint(ms - master.ms)
//	            uvarint(seq, or seq - master.seq when the ms are equal)
//	            uvarint(nfields) then, with flagSameFields, the values
//	            { uvarint(len) bytes } only (the field names are the
//	            chunk's master fields, those of its first entry), else
//	            every field and value
//
// A deleted entry stays in its chunk, flagged, until the whole chunk is
// dead; then the chunk is dropped. The zero value is empty.
type Entries struct {
	idx  Tree[*chunk]
	live int
}

type chunk struct {
	gen     uint64
	master  ID
	last    ID  // greatest ID stored, live or not
	live    int // live entries
	total   int // entries, deleted ones included
	data    []byte
	offs    []uint32 // offset of each entry in data, for binary search
	mfields [][]byte // field names of the first entry; never changed
}

// Entry flags.
const (
	flagDeleted    = 1
	flagSameFields = 2
)

func (k *chunk) own(g uint64) *chunk {
	if k.gen == g {
		return k
	}
	c := *k
	c.gen = g
	c.data = append(make([]byte, 0, len(k.data)), k.data...)
	c.offs = append(make([]uint32, 0, len(k.offs)), k.offs...)
	return &c
}

// Len returns the number of live entries.
func (s *Entries) Len() int { return s.live }

// Chunks returns the number of chunks (Redis's radix tree nodes).
func (s *Entries) Chunks() int { return s.idx.Len() }

// Limits bounds a chunk, as stream-node-max-bytes and
// stream-node-max-entries (0 means no bound).
type Limits struct{ MaxBytes, MaxEntries int }

// Append adds an entry with id, which must be greater than every ID ever
// stored, and its field-value list.
func (s *Entries) Append(g uint64, lim Limits, id ID, fields [][]byte) {
	_, cur, ok := s.idx.Max()
	last := cur
	switch {
	case ok && cur.fits(lim):
		last = cur.own(g)
	default:
		if ok && last.gen == g && cap(last.data) > len(last.data)+len(last.data)/8 {
			// Sealed: give back the spare capacity growth left.
			last.data = append([]byte(nil), last.data...)
			last.offs = append([]uint32(nil), last.offs...)
		}
		last = &chunk{gen: g, master: id, mfields: fieldNames(fields)}
	}
	last.offs = append(last.offs, uint32(len(last.data)))
	last.data = last.appendEntry(id, fields)
	last.last = id
	last.live++
	last.total++
	if last != cur { // a new or copied chunk goes into the index
		s.idx.Set(g, last.master, last)
	}
	s.live++
}

// fieldNames copies the names of a field-value list.
func fieldNames(fields [][]byte) [][]byte {
	n := 0
	for i := 0; i < len(fields); i += 2 {
		n += len(fields[i])
	}
	buf := make([]byte, 0, n)
	out := make([][]byte, 0, len(fields)/2)
	for i := 0; i < len(fields); i += 2 {
		buf = append(buf, fields[i]...)
		out = append(out, buf[len(buf)-len(fields[i]):len(buf):len(buf)])
	}
	return out
}

func (k *chunk) fits(lim Limits) bool {
	if lim.MaxEntries > 0 && k.total >= lim.MaxEntries {
		return false
	}
	return lim.MaxBytes <= 0 || len(k.data) < lim.MaxBytes
}

func (k *chunk) appendEntry(id ID, fields [][]byte) []byte {
	same := k.sameFields(fields)
	b := k.data
	if same {
		b = append(b, flagSameFields)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, id.Ms-k.master.Ms)
	if id.Ms == k.master.Ms {
		b = binary.AppendUvarint(b, id.Seq-k.master.Seq)
	} else {
		b = binary.AppendUvarint(b, id.Seq)
	}
	b = binary.AppendUvarint(b, uint64(len(fields)))
	for i, f := range fields {
		if same && i%2 == 0 {
			continue
		}
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// sameFields reports whether fields has the chunk's master field names.
func (k *chunk) sameFields(fields [][]byte) bool {
	if len(fields) != 2*len(k.mfields) {
		return false
	}
	for i, name := range k.mfields {
		if string(fields[2*i]) != string(name) {
			return false
		}
	}
	return true
}

// Entry is one decoded entry. Fields alias the store's memory: they stay
// valid (the store never changes bytes a reader may hold, except the
// deleted flag) but must not be modified.
type Entry struct {
	ID     ID
	Fields [][]byte
}

// decode reads the entry at off; it returns the offset after it.
func (k *chunk) decode(off int, withFields bool) (e Entry, deleted bool, next int) {
	b := k.data
	flags := b[off]
	deleted = flags&flagDeleted != 0
	same := flags&flagSameFields != 0
	off++
	dms, n := binary.Uvarint(b[off:])
	off += n
	seq, n := binary.Uvarint(b[off:])
	off += n
	e.ID.Ms = k.master.Ms + dms
	e.ID.Seq = seq
	if dms == 0 {
		e.ID.Seq = k.master.Seq + seq
	}
	nf, n := binary.Uvarint(b[off:])
	off += n
	if withFields {
		e.Fields = make([][]byte, nf)
	}
	for i := 0; i < int(nf); i++ {
		if same && i%2 == 0 {
			if withFields {
				e.Fields[i] = k.mfields[i/2]
			}
			continue
		}
		l, n := binary.Uvarint(b[off:])
		off += n
		if withFields {
			e.Fields[i] = b[off : off+int(l) : off+int(l)]
		}
		off += int(l)
	}
	return e, deleted, off
}

// idAt decodes the ID of entry i.
func (k *chunk) idAt(i int) ID {
	e, _, _ := k.decode(int(k.offs[i]), false)
	return e.ID
}

// seek returns the index of the first entry with ID >= id.
func (k *chunk) seek(id ID) int {
	lo, hi := 0, len(k.offs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if k.idAt(m).Less(id) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Range calls fn for the live entries with from <= ID <= to, in ascending
// order, or descending when rev, until fn returns false.
func (s *Entries) Range(from, to ID, rev bool, fn func(e Entry) bool) {
	if to.Less(from) {
		return
	}
	if rev {
		s.idx.Descend(to, func(_ ID, k *chunk) bool { return k.rangeRev(from, to, fn) })
		return
	}
	start := from
	// The chunk holding from is the one with the greatest master <= from.
	s.idx.Descend(from, func(m ID, _ *chunk) bool { start = m; return false })
	s.idx.Ascend(start, func(_ ID, k *chunk) bool {
		if to.Less(k.master) {
			return false
		}
		return k.rangeFwd(from, to, fn)
	})
}

func (k *chunk) rangeFwd(from, to ID, fn func(Entry) bool) bool {
	if k.last.Less(from) {
		return true
	}
	for i := k.seek(from); i < len(k.offs); i++ {
		e, del, _ := k.decode(int(k.offs[i]), true)
		if to.Less(e.ID) {
			return false
		}
		if !del && !fn(e) {
			return false
		}
	}
	return true
}

func (k *chunk) rangeRev(from, to ID, fn func(Entry) bool) bool {
	for i := k.seek(to); i >= 0; i-- {
		if i == len(k.offs) {
			continue
		}
		e, del, _ := k.decode(int(k.offs[i]), true)
		if e.ID.Less(from) {
			return false
		}
		if del || to.Less(e.ID) {
			continue
		}
		if !fn(e) {
			return false
		}
	}
	return true
}

// Get returns the live entry id.
func (s *Entries) Get(id ID) (e Entry, ok bool) {
	s.Range(id, id, false, func(x Entry) bool { e, ok = x, true; return false })
	return
}

// First returns the first live entry.
func (s *Entries) First() (e Entry, ok bool) {
	s.Range(ID{}, maxID, false, func(x Entry) bool { e, ok = x, true; return false })
	return
}

// Last returns the last live entry.
func (s *Entries) Last() (e Entry, ok bool) {
	s.Range(ID{}, maxID, true, func(x Entry) bool { e, ok = x, true; return false })
	return
}

var maxID = ID{^uint64(0), ^uint64(0)}

// Delete marks the live entry id deleted and reports whether it was there.
func (s *Entries) Delete(g uint64, id ID) bool {
	var master ID
	found := false
	s.idx.Descend(id, func(m ID, _ *chunk) bool { master, found = m, true; return false })
	if !found {
		return false
	}
	k, _ := s.idx.Get(master)
	i := k.seek(id)
	if i == len(k.offs) {
		return false
	}
	e, del, _ := k.decode(int(k.offs[i]), false)
	if e.ID != id || del {
		return false
	}
	s.markDeleted(g, k, int(k.offs[i]))
	return true
}

func (s *Entries) markDeleted(g uint64, k *chunk, off int) {
	s.live--
	if k.live == 1 {
		s.idx.Delete(g, k.master)
		return
	}
	k = k.own(g)
	k.data[off] |= flagDeleted
	k.live--
	s.idx.Set(g, k.master, k)
}

// TrimFront removes up to limit (0: no limit) live entries from the front
// while keep(entries left, next entry's ID) allows it. With approx only
// whole chunks go, and only when the whole chunk may go. It returns how
// many entries went.
func (s *Entries) TrimFront(g uint64, approx bool, limit int, keep func(left int, k ID) bool) int {
	removed := 0
	for s.live > 0 {
		m, k, _ := s.idx.Min()
		if whole := !keep(s.live-k.live, k.last); whole {
			if limit > 0 && removed+k.live > limit {
				return removed
			}
			s.idx.Delete(g, m)
			s.live -= k.live
			removed += k.live
			continue
		}
		if approx {
			return removed
		}
		return removed + s.trimInChunk(g, k, limit-removed, limit > 0, keep)
	}
	return removed
}

// trimInChunk deletes entries one by one from the front of chunk k.
func (s *Entries) trimInChunk(g uint64, k *chunk, budget int, bounded bool, keep func(int, ID) bool) int {
	n := 0
	for off := 0; off < len(k.data); {
		e, del, next := k.decode(off, false)
		if !del {
			if keep(s.live-1, e.ID) || (bounded && n >= budget) {
				return n
			}
			last := k.live == 1
			s.markDeleted(g, k, off)
			n++
			if last {
				return n
			}
			k, _ = s.idx.Get(k.master)
		}
		off = next
	}
	return n
}

// Bytes estimates the memory the entries occupy.
func (s *Entries) Bytes() int64 {
	var n int64
	s.idx.Ascend(ID{}, func(_ ID, k *chunk) bool { n += int64(cap(k.data)) + 80; return true })
	return n
}
