package rdb

import (
	"bytes"
	"encoding/binary"
	"math"
)

// readStream reads a type 15, 19 or 21 stream.
func (d *Decoder) readStream(t Type) (*Stream, error) {
	s := &Stream{}
	nodes, err := d.readStreamNodes(s)
	if err != nil {
		return nil, err
	}
	off := d.in.offset()
	if err := d.readStreamMeta(t, s); err != nil {
		return nil, err
	}
	if s.Length > 0 && nodes == 0 {
		return nil, d.in.corrupt(off, "stream length %d without listpacks", s.Length)
	}
	return s, d.readStreamGroups(t, s)
}

func (d *Decoder) readStreamNodes(s *Stream) (int, error) {
	nodes, err := d.in.readCount("stream listpack count")
	if err != nil {
		return 0, err
	}
	var prev []byte
	for i := 0; i < nodes; i++ {
		off := d.in.offset()
		key, err := d.in.readStr("stream node key")
		if err != nil {
			return i, err
		}
		if len(key) != streamIDSize {
			return i, d.in.corrupt(off, "stream node key of %d bytes", len(key))
		}
		// NB: Redis only refuses duplicates; writers always go in order,
		// and we need the order to return entries sorted.
		if prev != nil && bytes.Compare(key, prev) <= 0 {
			return i, d.in.corrupt(off, "stream node keys out of order")
		}
		prev = append(prev[:0], key...)
		if err := d.readStreamNode(s, decodeRawID(key)); err != nil {
			return i, err
		}
	}
	return nodes, nil
}

func (d *Decoder) readStreamNode(s *Stream, master StreamID) error {
	b, err := d.in.readStr("stream listpack")
	if err != nil {
		return err
	}
	var ents []lpEntry
	if _, err := walkListpack(b, func(e *lpEntry) error {
		ents = append(ents, *e)
		return nil
	}); err != nil {
		return d.placeErr(err, "stream listpack")
	}
	if len(ents) == 0 {
		return d.in.corrupt(d.in.strOff, "empty listpack inside stream")
	}
	p := streamLP{ents: ents, master: master}
	if err := p.parse(s); err != nil {
		return d.placeErr(err, "stream listpack")
	}
	return nil
}

// streamLP interprets the entries of one stream listpack.
type streamLP struct {
	ents   []lpEntry
	i      int
	master StreamID
	fields []string
}

func (p *streamLP) next() (*lpEntry, *blobError) {
	if p.i >= len(p.ents) {
		off := 0
		if len(p.ents) > 0 {
			off = p.ents[len(p.ents)-1].off
		}
		return nil, blobErrf(off, "stream listpack ends early")
	}
	p.i++
	return &p.ents[p.i-1], nil
}

// nextInt reads an integer element; like Redis, text that is a canonical
// integer is accepted too.
func (p *streamLP) nextInt() (int64, *blobError) {
	e, err := p.next()
	if err != nil {
		return 0, err
	}
	if e.isInt {
		return e.ival, nil
	}
	if v, ok := parseCanonicalInt(string(e.str), 20); ok {
		return v, nil
	}
	return 0, blobErrf(e.off, "stream listpack: integer expected")
}

func (p *streamLP) nextString() (string, *blobError) {
	e, err := p.next()
	if err != nil {
		return "", err
	}
	return e.String(), nil
}

func (p *streamLP) parse(s *Stream) error {
	count, err := p.nextInt()
	if err != nil {
		return err
	}
	deleted, err := p.nextInt()
	if err != nil {
		return err
	}
	if err := p.parseMasterFields(); err != nil {
		return err
	}
	total := count + deleted
	if count < 0 || deleted < 0 || total > int64(len(p.ents)) {
		return blobErrf(p.ents[0].off, "stream listpack counts %d+%d", count, deleted)
	}
	for ; total > 0; total-- {
		if err := p.parseEntry(s); err != nil {
			return err
		}
	}
	if p.i != len(p.ents) {
		return blobErrf(p.ents[p.i].off, "stream listpack has trailing elements")
	}
	return nil
}

func (p *streamLP) parseMasterFields() error {
	n, err := p.nextInt()
	if err != nil {
		return err
	}
	if n < 0 || n > int64(len(p.ents)) {
		return blobErrf(p.ents[2].off, "stream master field count %d", n)
	}
	for j := int64(0); j < n; j++ {
		f, err := p.nextString()
		if err != nil {
			return err
		}
		p.fields = append(p.fields, f)
	}
	zero, err := p.nextInt()
	if err != nil {
		return err
	}
	if zero != 0 {
		return blobErrf(p.ents[p.i-1].off, "stream master entry not terminated by 0")
	}
	return nil
}

func (p *streamLP) parseEntry(s *Stream) error {
	start := p.i
	flags, err := p.nextInt()
	if err != nil {
		return err
	}
	msDelta, err := p.nextInt()
	if err != nil {
		return err
	}
	seqDelta, err := p.nextInt()
	if err != nil {
		return err
	}
	e := StreamEntry{ID: StreamID{Ms: p.master.Ms + uint64(msDelta), Seq: p.master.Seq + uint64(seqDelta)}}
	var extra int64 = 3
	if flags&streamFlagSameFields != 0 {
		err = p.parseSameFields(&e)
	} else {
		var n int64
		n, err = p.parseOwnFields(&e)
		extra += n + 1
	}
	if err != nil {
		return err
	}
	lpCount, err := p.nextInt()
	if err != nil {
		return err
	}
	if lpCount != int64(len(e.Fields))+extra {
		return blobErrf(p.ents[start].off, "stream entry lp-count %d", lpCount)
	}
	if flags&streamFlagDeleted == 0 {
		s.Entries = append(s.Entries, e)
	}
	return nil
}

func (p *streamLP) parseSameFields(e *StreamEntry) *blobError {
	e.Fields = make([]FieldValue, len(p.fields))
	for j, f := range p.fields {
		v, err := p.nextString()
		if err != nil {
			return err
		}
		e.Fields[j] = FieldValue{Field: f, Value: v}
	}
	return nil
}

func (p *streamLP) parseOwnFields(e *StreamEntry) (int64, *blobError) {
	n, err := p.nextInt()
	if err != nil {
		return 0, err
	}
	if n < 0 || n > int64(len(p.ents)-p.i)/2 {
		return 0, blobErrf(p.ents[p.i-1].off, "stream entry field count %d", n)
	}
	e.Fields = make([]FieldValue, n)
	for j := range e.Fields {
		f, err := p.nextString()
		if err != nil {
			return 0, err
		}
		v, err := p.nextString()
		if err != nil {
			return 0, err
		}
		e.Fields[j] = FieldValue{Field: f, Value: v}
	}
	return n, nil
}

func (d *Decoder) readID(what string) (StreamID, error) {
	ms, err := d.in.readLen(what)
	if err != nil {
		return StreamID{}, err
	}
	seq, err := d.in.readLen(what)
	return StreamID{Ms: ms, Seq: seq}, err
}

func (d *Decoder) readStreamMeta(t Type, s *Stream) error {
	var err error
	if s.Length, err = d.in.readLen("stream length"); err != nil {
		return err
	}
	if s.LastID, err = d.readID("stream last ID"); err != nil {
		return err
	}
	if t == TypeStreamListpacks {
		s.EntriesAdded = s.Length
		s.FirstID = StreamID{Ms: math.MaxUint64, Seq: math.MaxUint64}
		if len(s.Entries) > 0 {
			s.FirstID = s.Entries[0].ID
		}
		return nil
	}
	if s.FirstID, err = d.readID("stream first ID"); err != nil {
		return err
	}
	if s.MaxDeletedID, err = d.readID("stream max deleted ID"); err != nil {
		return err
	}
	s.EntriesAdded, err = d.in.readLen("stream entries added")
	return err
}

func (d *Decoder) readStreamGroups(t Type, s *Stream) error {
	n, err := d.in.readCount("stream group count")
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		off := d.in.offset()
		g, err := d.readStreamGroup(t, s)
		if err != nil {
			return err
		}
		for j := range s.Groups {
			if s.Groups[j].Name == g.Name {
				return d.in.corrupt(off, "duplicated consumer group name %q", g.Name)
			}
		}
		s.Groups = append(s.Groups, g)
	}
	return nil
}

func (d *Decoder) readStreamGroup(t Type, s *Stream) (StreamGroup, error) {
	var g StreamGroup
	var err error
	if g.Name, err = d.in.readString("group name"); err != nil {
		return g, err
	}
	if g.LastDeliveredID, err = d.readID("group last ID"); err != nil {
		return g, err
	}
	g.EntriesRead = estimateEntriesRead(s, g.LastDeliveredID)
	if t != TypeStreamListpacks {
		read, err := d.in.readLen("group entries read")
		if err != nil {
			return g, err
		}
		g.EntriesRead = int64(read) // entriesUnknown becomes -1
	}
	pel, err := d.readGroupPEL(&g)
	if err != nil {
		return g, err
	}
	off := d.in.offset()
	if err := d.readConsumers(t, &g, pel); err != nil {
		return g, err
	}
	for _, pe := range g.PEL {
		if pe.Consumer == "" {
			return g, d.in.corrupt(off, "group %q: pending entry %s has no consumer", g.Name, pe.ID)
		}
	}
	return g, nil
}

// readGroupPEL reads the group PEL and returns an index by ID.
func (d *Decoder) readGroupPEL(g *StreamGroup) (map[StreamID]int, error) {
	n, err := d.in.readCount("PEL size")
	if err != nil {
		return nil, err
	}
	idx := make(map[StreamID]int, min(n, 1024))
	for i := 0; i < n; i++ {
		off := d.in.offset()
		raw, err := d.in.next(streamIDSize+8, "PEL entry")
		if err != nil {
			return nil, err
		}
		pe := StreamPending{ID: decodeRawID(raw), DeliveryTimeMs: int64(binary.LittleEndian.Uint64(raw[16:]))}
		if pe.DeliveryCount, err = d.in.readLen("PEL delivery count"); err != nil {
			return nil, err
		}
		if _, dup := idx[pe.ID]; dup {
			return nil, d.in.corrupt(off, "duplicated PEL entry %s", pe.ID)
		}
		idx[pe.ID] = len(g.PEL)
		g.PEL = append(g.PEL, pe)
	}
	return idx, nil
}

func (d *Decoder) readConsumers(t Type, g *StreamGroup, pel map[StreamID]int) error {
	n, err := d.in.readCount("consumer count")
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		off := d.in.offset()
		c, err := d.readConsumer(t, g, pel)
		if err != nil {
			return err
		}
		for j := range g.Consumers {
			if g.Consumers[j].Name == c.Name {
				return d.in.corrupt(off, "duplicate consumer %q", c.Name)
			}
		}
		g.Consumers = append(g.Consumers, c)
	}
	return nil
}

func (d *Decoder) readConsumer(t Type, g *StreamGroup, pel map[StreamID]int) (StreamConsumer, error) {
	var c StreamConsumer
	var err error
	if c.Name, err = d.in.readString("consumer name"); err != nil {
		return c, err
	}
	seen, err := d.in.readUint64LE("consumer seen time")
	if err != nil {
		return c, err
	}
	c.SeenTimeMs, c.ActiveTimeMs = int64(seen), int64(seen)
	if t == TypeStreamListpacks3 {
		active, err := d.in.readUint64LE("consumer active time")
		if err != nil {
			return c, err
		}
		c.ActiveTimeMs = int64(active)
	}
	n, err := d.in.readCount("consumer PEL size")
	if err != nil {
		return c, err
	}
	for i := 0; i < n; i++ {
		off := d.in.offset()
		raw, err := d.in.next(streamIDSize, "consumer PEL entry")
		if err != nil {
			return c, err
		}
		id := decodeRawID(raw)
		j, ok := pel[id]
		if !ok || g.PEL[j].Consumer != "" {
			return c, d.in.corrupt(off, "consumer %q: entry %s not in group PEL or owned twice", c.Name, id)
		}
		g.PEL[j].Consumer = c.Name
		c.Pending = append(c.Pending, id)
	}
	return c, nil
}
