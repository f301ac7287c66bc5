package rdb

import (
	"github.com/strata-db/strata/engine"
)

// streamRecord copies an engine stream into the encoder's form. The entry
// fields are views of the stream's storage (bytesString): valid as long as
// the frozen value is.
func streamRecord(s *engine.Stream) *Stream {
	d := s.Data()
	out := &Stream{LastID: streamID(d.LastID), FirstID: streamID(d.FirstID),
		MaxDeletedID: streamID(d.MaxDeletedID), EntriesAdded: d.EntriesAdded}
	s.RangeEntries(func(id engine.StreamID, fields [][]byte) bool {
		e := StreamEntry{ID: streamID(id), Fields: make([]FieldValue, 0, len(fields)/2)}
		for i := 0; i+1 < len(fields); i += 2 {
			e.Fields = append(e.Fields, FieldValue{Field: bytesString(fields[i]), Value: bytesString(fields[i+1])})
		}
		out.Entries = append(out.Entries, e)
		return true
	})
	out.Length = uint64(len(out.Entries))
	for _, g := range d.Groups {
		out.Groups = append(out.Groups, streamGroupRecord(g))
	}
	return out
}

func streamGroupRecord(g engine.StreamGroupData) StreamGroup {
	rg := StreamGroup{Name: g.Name, LastDeliveredID: streamID(g.LastID), EntriesRead: g.EntriesRead}
	owned := map[string][]StreamID{}
	for _, p := range g.PEL {
		rg.PEL = append(rg.PEL, StreamPending{ID: streamID(p.ID), DeliveryTimeMs: p.DeliveryTime,
			DeliveryCount: p.DeliveryCount, Consumer: p.Consumer})
		owned[p.Consumer] = append(owned[p.Consumer], streamID(p.ID))
	}
	for _, c := range g.Consumers {
		rg.Consumers = append(rg.Consumers, StreamConsumer{Name: c.Name, SeenTimeMs: c.SeenTime,
			ActiveTimeMs: c.SeenTime, Pending: owned[c.Name]})
	}
	return rg
}

func streamID(id engine.StreamID) StreamID { return StreamID{Ms: id.Ms, Seq: id.Seq} }

func engineStreamID(id StreamID) engine.StreamID { return engine.StreamID{Ms: id.Ms, Seq: id.Seq} }

// newStream builds an engine stream from a decoded one.
func newStream(s *Stream, cfg *engine.Config) *engine.Stream {
	d := engine.StreamData{LastID: engineStreamID(s.LastID), FirstID: engineStreamID(s.FirstID),
		MaxDeletedID: engineStreamID(s.MaxDeletedID), EntriesAdded: s.EntriesAdded}
	for _, g := range s.Groups {
		gd := engine.StreamGroupData{Name: g.Name, LastID: engineStreamID(g.LastDeliveredID), EntriesRead: g.EntriesRead}
		for _, p := range g.PEL {
			gd.PEL = append(gd.PEL, engine.StreamPendingData{ID: engineStreamID(p.ID),
				DeliveryTime: p.DeliveryTimeMs, DeliveryCount: p.DeliveryCount, Consumer: p.Consumer})
		}
		for _, c := range g.Consumers {
			gd.Consumers = append(gd.Consumers, engine.StreamConsumerData{Name: c.Name, SeenTime: c.SeenTimeMs})
		}
		d.Groups = append(d.Groups, gd)
	}
	return engine.NewStreamFromData(d, cfg, func(add func(engine.StreamID, [][]byte)) {
		var fields [][]byte
		for _, e := range s.Entries {
			fields = fields[:0]
			for _, fv := range e.Fields {
				fields = append(fields, []byte(fv.Field), []byte(fv.Value))
			}
			add(engineStreamID(e.ID), fields)
		}
	})
}
