package engine

import (
	"encoding/binary"
	"hash"

	"github.com/strata-db/strata/internal/xstream"
)

// Digest writes the stream's entries to h, as Redis's DEBUG DIGEST covers
// a stream: IDs, fields and values, not groups.
func (s *Stream) Digest(h hash.Hash) {
	var buf [16]byte
	s.entries.Range(StreamID{}, maxStreamID, false, func(e xstream.Entry) bool {
		binary.BigEndian.PutUint64(buf[:8], e.ID.Ms)
		binary.BigEndian.PutUint64(buf[8:], e.ID.Seq)
		h.Write(buf[:])
		binary.BigEndian.PutUint64(buf[:8], uint64(len(e.Fields)))
		h.Write(buf[:8])
		for _, f := range e.Fields {
			binary.BigEndian.PutUint64(buf[:8], uint64(len(f)))
			h.Write(buf[:8])
			h.Write(f)
		}
		return true
	})
}
