package rdb

import (
	"slices"
	"strings"
)

// streamListpackMaxSize caps stream-node-max-bytes, as Redis does.
const streamListpackMaxSize = 1 << 30

// streamNode accumulates entries for one stream listpack, tracking its
// size the way streamAppendItem sees it.
type streamNode struct {
	master  StreamID
	fields  []FieldValue // master fields (values unused)
	entries *lpBuilder   // entry elements, header space unused
	count   int
}

func newStreamNode(first *StreamEntry, buf []byte) *streamNode {
	return &streamNode{master: first.ID, fields: first.Fields, entries: newLPBuilder(buf)}
}

func lpIntEntrySize(v int64) int {
	n := lpIntSize(v)
	return n + lpBacklenSize(n)
}

// size is the listpack size with the master entry for the current count.
func (n *streamNode) size() int {
	s := lpHeaderSize + 1 + lpIntEntrySize(int64(n.count)) + lpIntEntrySize(0) +
		lpIntEntrySize(int64(len(n.fields))) + lpIntEntrySize(0)
	for _, f := range n.fields {
		s += lpEntrySize(f.Field)
	}
	return s + len(n.entries.b) - lpHeaderSize
}

func (n *streamNode) sameFields(e *StreamEntry) bool {
	if len(e.Fields) != len(n.fields) {
		return false
	}
	for i := range e.Fields {
		if e.Fields[i].Field != n.fields[i].Field {
			return false
		}
	}
	return true
}

func (n *streamNode) add(e *StreamEntry) {
	lp := n.entries
	same := n.sameFields(e)
	flags := int64(0)
	if same {
		flags = streamFlagSameFields
	}
	lp.appendInt(flags)
	lp.appendInt(int64(e.ID.Ms - n.master.Ms))
	lp.appendInt(int64(e.ID.Seq - n.master.Seq))
	if !same {
		lp.appendInt(int64(len(e.Fields)))
	}
	for _, f := range e.Fields {
		if !same {
			lp.appendString(f.Field)
		}
		lp.appendString(f.Value)
	}
	lpCount := int64(len(e.Fields)) + 3
	if !same {
		lpCount += int64(len(e.Fields)) + 1
	}
	lp.appendInt(lpCount)
	n.count++
}

// finish assembles master entry and entries into one listpack.
func (n *streamNode) finish(buf []byte) []byte {
	lp := newLPBuilder(buf)
	lp.appendInt(int64(n.count))
	lp.appendInt(0)
	lp.appendInt(int64(len(n.fields)))
	for _, f := range n.fields {
		lp.appendString(f.Field)
	}
	lp.appendInt(0)
	lp.b = append(lp.b, n.entries.b[lpHeaderSize:]...)
	lp.n += n.entries.n
	return lp.finish()
}

// splitStream calls emit for each listpack node, cutting nodes where XADD
// would have started a new one.
func (e *Encoder) splitStream(entries []StreamEntry, emit func(*streamNode)) {
	maxBytes := e.opts.StreamNodeMaxBytes
	if maxBytes <= 0 || maxBytes > streamListpackMaxSize {
		maxBytes = streamListpackMaxSize
	}
	var node *streamNode
	for i := range entries {
		ent := &entries[i]
		if node != nil {
			tot := 0
			for _, f := range ent.Fields {
				tot += len(f.Field) + len(f.Value)
			}
			if node.size()+tot >= maxBytes ||
				e.opts.StreamNodeMaxEntries > 0 && node.count >= e.opts.StreamNodeMaxEntries {
				emit(node)
				node = nil
			}
		}
		if node == nil {
			node = newStreamNode(ent, nil)
		}
		node.add(ent)
	}
	if node != nil {
		emit(node)
	}
}

// WriteStream writes a stream as STREAM_LISTPACKS_2 (what 7.0 writes).
// Entries must be in ascending ID order. Only live entries are stored, so
// nodes are re-packed; metadata (last, first, max-deleted IDs, entries
// added) is written as given. Groups, consumers and PELs are written in
// Redis's order (by name, by ID).
func (e *Encoder) WriteStream(k KeyInfo, s *Stream) error {
	e.beginKey(&k, TypeStreamListpacks2)
	nodes := 0
	e.splitStream(s.Entries, func(*streamNode) { nodes++ })
	e.out.writeLen(uint64(nodes))
	var key []byte
	e.splitStream(s.Entries, func(n *streamNode) {
		key = appendRawID(key[:0], n.master)
		e.out.writeBlob(key)
		e.lp = n.finish(e.lp)
		e.out.writeBlob(e.lp)
		e.out.maybeFlush()
	})
	e.out.writeLen(uint64(len(s.Entries)))
	for _, id := range []StreamID{s.LastID, s.FirstID, s.MaxDeletedID} {
		e.out.writeLen(id.Ms)
		e.out.writeLen(id.Seq)
	}
	e.out.writeLen(s.EntriesAdded)
	groups := slices.Clone(s.Groups)
	slices.SortFunc(groups, func(a, b StreamGroup) int { return strings.Compare(a.Name, b.Name) })
	e.out.writeLen(uint64(len(groups)))
	for i := range groups {
		e.writeStreamGroup(&groups[i])
	}
	return e.finish()
}

func (e *Encoder) writeStreamGroup(g *StreamGroup) {
	e.out.writeString(g.Name)
	e.out.writeLen(g.LastDeliveredID.Ms)
	e.out.writeLen(g.LastDeliveredID.Seq)
	e.out.writeLen(uint64(g.EntriesRead)) // -1 becomes entriesUnknown
	pel := slices.Clone(g.PEL)
	slices.SortFunc(pel, func(a, b StreamPending) int { return a.ID.Compare(b.ID) })
	e.out.writeLen(uint64(len(pel)))
	var raw []byte
	for _, p := range pel {
		raw = appendRawID(raw[:0], p.ID)
		e.out.writeRaw(raw)
		e.out.writeUint64LE(uint64(p.DeliveryTimeMs))
		e.out.writeLen(p.DeliveryCount)
	}
	consumers := slices.Clone(g.Consumers)
	slices.SortFunc(consumers, func(a, b StreamConsumer) int { return strings.Compare(a.Name, b.Name) })
	e.out.writeLen(uint64(len(consumers)))
	for _, c := range consumers {
		e.out.writeString(c.Name)
		e.out.writeUint64LE(uint64(c.SeenTimeMs))
		ids := slices.Clone(c.Pending)
		slices.SortFunc(ids, StreamID.Compare)
		e.out.writeLen(uint64(len(ids)))
		for _, id := range ids {
			raw = appendRawID(raw[:0], id)
			e.out.writeRaw(raw)
		}
		e.out.maybeFlush()
	}
}
