package rdb

import (
	"encoding/binary"
	"strconv"
)

// Stream entry flags in a stream listpack.
const (
	streamFlagDeleted    = 1
	streamFlagSameFields = 2
)

// streamIDSize is the size of a raw ID: u64be ms, u64be seq.
const streamIDSize = 16

func (id StreamID) String() string {
	return strconv.FormatUint(id.Ms, 10) + "-" + strconv.FormatUint(id.Seq, 10)
}

// Compare returns -1, 0 or 1 as id is before, equal to or after o.
func (id StreamID) Compare(o StreamID) int {
	switch {
	case id.Ms < o.Ms || id.Ms == o.Ms && id.Seq < o.Seq:
		return -1
	case id == o:
		return 0
	}
	return 1
}

func (id StreamID) isZero() bool { return id.Ms == 0 && id.Seq == 0 }

func decodeRawID(p []byte) StreamID {
	return StreamID{Ms: binary.BigEndian.Uint64(p), Seq: binary.BigEndian.Uint64(p[8:])}
}

func appendRawID(b []byte, id StreamID) []byte {
	b = binary.BigEndian.AppendUint64(b, id.Ms)
	return binary.BigEndian.AppendUint64(b, id.Seq)
}

// entriesUnknown is how an unknown entries_read (-1) travels as a LEN.
const entriesUnknown = ^uint64(0)

// estimateEntriesRead mirrors how the 7.0 loader guesses a group's
// entries_read for a type-15 stream, which does not store it.
func estimateEntriesRead(s *Stream, id StreamID) int64 {
	if s.EntriesAdded == 0 {
		return 0
	}
	cmpLast := id.Compare(s.LastID)
	if s.Length == 0 && cmpLast < 1 {
		return int64(s.EntriesAdded)
	}
	if cmpLast == 0 {
		return int64(s.EntriesAdded)
	} else if cmpLast > 0 {
		return -1
	}
	cmpFirst := id.Compare(s.FirstID)
	if s.MaxDeletedID.isZero() || s.MaxDeletedID.Compare(s.FirstID) < 0 {
		if cmpFirst < 0 {
			return int64(s.EntriesAdded - s.Length)
		} else if cmpFirst == 0 {
			return int64(s.EntriesAdded - s.Length + 1)
		}
	}
	return -1
}
