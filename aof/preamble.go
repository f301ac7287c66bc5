package aof

import (
	"bufio"
	"bytes"
)

// rdbMagic starts every RDB image. A base file (or an old single-file AOF)
// that starts with it is an RDB, whatever its name says; RESP commands may
// follow the RDB's checksum.
var rdbMagic = []byte("REDIS")

// RDBLoader decodes an RDB image. The rdb package provides one; aof only
// needs this much of it.
type RDBLoader interface {
	// LoadRDB reads one RDB image from r, through its checksum and no
	// further: the AOF reader continues with the bytes after it. A bufio
	// reader is passed so the decoder can peek without over-reading.
	LoadRDB(r *bufio.Reader) error
}

// HasRDBPreamble reports whether data (a file's first bytes) is an RDB.
func HasRDBPreamble(data []byte) bool { return bytes.HasPrefix(data, rdbMagic) }

// LoadPreamble hands the RDB at the start of the stream, if there is one,
// to l, and reports whether there was one. Any RDB error is corruption,
// never a torn tail: Redis refuses a truncated RDB part too.
func (r *Reader) LoadPreamble(l RDBLoader) (bool, error) {
	head, _ := r.br.Peek(len(rdbMagic))
	if !HasRDBPreamble(head) {
		return false, nil
	}
	if l == nil {
		return true, &CorruptionError{File: r.File, Reason: "RDB preamble but no RDB decoder"}
	}
	if err := l.LoadRDB(r.br); err != nil {
		return true, &CorruptionError{File: r.File, Offset: r.Offset(), Reason: "bad RDB preamble", Err: err}
	}
	r.lastValid = r.Offset()
	return true, nil
}
