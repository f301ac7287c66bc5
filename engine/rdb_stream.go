package engine

import (
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/xstream"
)

// Streams as persistence formats (RDB, DUMP payloads) carry them: the
// entries, the metadata Redis 7.0 keeps, and the consumer groups with
// their pending entries. Loaders and writers use these instead of the
// stream's internals.

// StreamData is a stream's metadata and groups.
type StreamData struct {
	LastID, FirstID, MaxDeletedID StreamID
	EntriesAdded                  uint64
	Groups                        []StreamGroupData // by name
}

// StreamGroupData is one consumer group.
type StreamGroupData struct {
	Name        string
	LastID      StreamID
	EntriesRead int64 // -1 when unknown
	PEL         []StreamPendingData
	Consumers   []StreamConsumerData // by name
}

// StreamPendingData is one pending entry and the consumer that owns it.
type StreamPendingData struct {
	ID            StreamID
	DeliveryTime  int64 // unix ms
	DeliveryCount uint64
	Consumer      string
}

// StreamConsumerData is one consumer; its pending entries are the group
// PEL entries it owns.
type StreamConsumerData struct {
	Name     string
	SeenTime int64 // unix ms
}

// Data returns s's metadata and groups. The strings may be kept.
func (s *Stream) Data() StreamData {
	d := StreamData{LastID: s.lastID, FirstID: s.firstID, MaxDeletedID: s.maxDeletedID,
		EntriesAdded: s.entriesAdded}
	for _, g := range s.groups {
		gd := StreamGroupData{Name: g.name, LastID: g.lastID, EntriesRead: g.entriesRead}
		g.pel.Ascend(StreamID{}, func(id StreamID, n streamNACK) bool {
			gd.PEL = append(gd.PEL, StreamPendingData{ID: id, DeliveryTime: n.deliveryTime,
				DeliveryCount: n.deliveryCount, Consumer: n.consumer})
			return true
		})
		for _, c := range g.consumers {
			gd.Consumers = append(gd.Consumers, StreamConsumerData{Name: c.name, SeenTime: c.seenTime})
		}
		d.Groups = append(d.Groups, gd)
	}
	return d
}

// RangeEntries calls fn with every live entry in ID order until fn returns
// false. fields alternate field and value and alias the stream's storage:
// read them, do not keep or change them.
func (s *Stream) RangeEntries(fn func(id StreamID, fields [][]byte) bool) {
	s.entries.Range(StreamID{}, maxStreamID, false, func(e xstream.Entry) bool { return fn(e.ID, e.Fields) })
}

// NewStreamFromData builds a stream from loaded parts; add is called with a
// function that appends one entry (IDs ascending, fields copied). The
// stream belongs to no generation.
func NewStreamFromData(d StreamData, cfg *Config, add func(appendEntry func(id StreamID, fields [][]byte))) *Stream {
	s := &Stream{lastID: d.LastID, firstID: d.FirstID, maxDeletedID: d.MaxDeletedID, entriesAdded: d.EntriesAdded}
	lim := xstream.Limits{MaxBytes: int(cfg.StreamNodeMaxBytes), MaxEntries: int(cfg.StreamNodeMaxEntries)}
	add(func(id StreamID, fields [][]byte) { s.entries.Append(0, lim, id, fields) })
	for _, gd := range d.Groups {
		g := &streamGroup{name: gd.Name, lastID: gd.LastID, entriesRead: gd.EntriesRead}
		for _, cd := range gd.Consumers {
			g.consumers = append(g.consumers, &streamConsumer{name: cd.Name, seenTime: cd.SeenTime})
		}
		sortByName(g.consumers, func(c *streamConsumer) string { return c.name })
		for _, p := range gd.PEL {
			g.pel.Set(0, p.ID, streamNACK{deliveryTime: p.DeliveryTime, deliveryCount: p.DeliveryCount, consumer: p.Consumer})
			if i := g.consumer(p.Consumer); i >= 0 {
				g.consumers[i].pel.Set(0, p.ID, struct{}{})
			}
		}
		s.groups = append(s.groups, g)
	}
	sortByName(s.groups, func(g *streamGroup) string { return g.name })
	return s
}

func sortByName[T any](s []T, name func(T) string) {
	slices.SortFunc(s, func(a, b T) int { return strings.Compare(name(a), name(b)) })
}
