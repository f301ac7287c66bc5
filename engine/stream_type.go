package engine

import (
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/xstream"
)

// StreamID is a stream entry ID, ms-seq.
type StreamID = xstream.ID

// Stream is a stream value: its entries (a persistent packed store, see
// internal/xstream), the metadata Redis 7.0 keeps for lag tracking, and
// its consumer groups sorted by name (as Redis's radix tree lists them).
//
// Ownership: a Stream header, its groups and their consumers are each
// owned by a generation; change them only through Own, groupMut and
// consumerMut, which copy what another generation owns.
type Stream struct {
	gen          uint64
	entries      xstream.Entries
	lastID       StreamID
	firstID      StreamID // first live entry; 0-0 when empty
	maxDeletedID StreamID
	entriesAdded uint64
	groups       []*streamGroup
}

type streamGroup struct {
	gen         uint64
	name        string
	lastID      StreamID
	entriesRead int64 // -1: unknown
	pel         xstream.Tree[streamNACK]
	consumers   []*streamConsumer // sorted by name
}

// streamNACK is a pending entry: delivered to consumer, not acknowledged.
type streamNACK struct {
	deliveryTime  int64
	deliveryCount uint64
	consumer      string
}

type streamConsumer struct {
	gen      uint64
	name     string
	seenTime int64
	pel      xstream.Tree[struct{}]
}

// entriesReadInvalid marks an unknown entries-read counter.
const entriesReadInvalid = -1

var maxStreamID = StreamID{Ms: ^uint64(0), Seq: ^uint64(0)}

func (s *Stream) Type() Type         { return TypeStream }
func (s *Stream) Encoding() string   { return "stream" }
func (s *Stream) Len() int           { return s.entries.Len() }
func (s *Stream) MemoryUsage() int64 { return s.entries.Bytes() + int64(len(s.groups))*128 }

// Own returns s when generation g owns it, else a header copy owned by g.
func (s *Stream) Own(g uint64) Object {
	if s.gen == g {
		return s
	}
	c := *s
	c.gen = g
	c.groups = slices.Clone(s.groups)
	return &c
}

// group returns the index of the group named name, or -1.
func (s *Stream) group(name string) int {
	i, ok := slices.BinarySearchFunc(s.groups, name, func(g *streamGroup, n string) int {
		return strings.Compare(g.name, n)
	})
	if !ok {
		return -1
	}
	return i
}

// groupMut returns group i owned by g. REQUIRES: s owned by g.
func (s *Stream) groupMut(g uint64, i int) *streamGroup {
	cg := s.groups[i]
	if cg.gen != g {
		c := *cg
		c.gen = g
		c.consumers = slices.Clone(cg.consumers)
		cg = &c
		s.groups[i] = cg
	}
	return cg
}

// addGroup creates a group. REQUIRES: s owned by g, name not present.
func (s *Stream) addGroup(g uint64, name string, last StreamID, entriesRead int64) *streamGroup {
	cg := &streamGroup{gen: g, name: name, lastID: last, entriesRead: entriesRead}
	i, _ := slices.BinarySearchFunc(s.groups, name, func(x *streamGroup, n string) int {
		return strings.Compare(x.name, n)
	})
	s.groups = slices.Insert(s.groups, i, cg)
	return cg
}

// consumer returns the index of the consumer named name, or -1.
func (cg *streamGroup) consumer(name string) int {
	i, ok := slices.BinarySearchFunc(cg.consumers, name, func(c *streamConsumer, n string) int {
		return strings.Compare(c.name, n)
	})
	if !ok {
		return -1
	}
	return i
}

// consumerMut returns consumer i owned by g. REQUIRES: cg owned by g.
func (cg *streamGroup) consumerMut(g uint64, i int) *streamConsumer {
	c := cg.consumers[i]
	if c.gen != g {
		cp := *c
		cp.gen = g
		c = &cp
		cg.consumers[i] = c
	}
	return c
}

// lookupOrCreateConsumer returns the consumer named name owned by g,
// creating it (seen now) when missing; created tells which.
func (cg *streamGroup) lookupOrCreateConsumer(g uint64, name string, now int64) (c *streamConsumer, created bool) {
	if i := cg.consumer(name); i >= 0 {
		return cg.consumerMut(g, i), false
	}
	c = &streamConsumer{gen: g, name: name, seenTime: now}
	i, _ := slices.BinarySearchFunc(cg.consumers, name, func(x *streamConsumer, n string) int {
		return strings.Compare(x.name, n)
	})
	cg.consumers = slices.Insert(cg.consumers, i, c)
	return c, true
}

// streamValue looks key up for reading: s nil when absent; ok false (and
// WRONGTYPE replied) for another type.
func streamValue(c *Ctx, key string) (s *Stream, ok bool) {
	o, ok := c.Object(key, TypeStream)
	if o == nil {
		return nil, ok
	}
	return o.(*Stream), true
}

// streamWrite looks key up for changing: the stream owned by the current
// generation, nil when absent.
func streamWrite(c *Ctx, key string) (s *Stream, ok bool) {
	o, ok := c.MutableObject(key, TypeStream)
	if o == nil {
		return nil, ok
	}
	return o.(*Stream), true
}

// newStreamKey stores an empty stream under key argument i.
func newStreamKey(c *Ctx, i int) *Stream {
	s := &Stream{gen: c.Gen()}
	c.DB.Set(c.Key(i), ObjectValue(s))
	return s
}

// streamLimits are the chunk bounds from the configuration.
func streamLimits(c *Ctx) xstream.Limits {
	cfg := c.E.Config()
	return xstream.Limits{MaxBytes: int(cfg.StreamNodeMaxBytes), MaxEntries: int(cfg.StreamNodeMaxEntries)}
}

// refreshFirst recomputes firstID after deletions.
func (s *Stream) refreshFirst() {
	if e, ok := s.entries.First(); ok {
		s.firstID = e.ID
	} else {
		s.firstID = StreamID{}
	}
}
