package aof

import (
	"strconv"
	"time"

	"github.com/strata-db/strata/engine"
)

var (
	cmdMulti = engine.AppendCommand(nil, []byte("MULTI"))
	cmdExec  = engine.AppendCommand(nil, []byte("EXEC"))
)

// Encoder turns engine effects into the bytes of an INCR file: a SELECT
// whenever the database changes, MULTI/EXEC around a batch of two or more
// commands, and optional "#TS:" annotations (aof-timestamp-enabled).
// It belongs to the writer order.
type Encoder struct {
	db         int // -1: unknown, the next command gets a SELECT
	timestamps bool
	lastTS     int64
	now        func() time.Time
}

// NewEncoder starts with no database selected. now may be nil (time.Now).
func NewEncoder(timestamps bool, now func() time.Time) *Encoder {
	if now == nil {
		now = time.Now
	}
	return &Encoder{db: -1, timestamps: timestamps, now: now}
}

// Reset forgets the selected database. Call it when a new INCR file is
// opened and after a restart: each file is replayed from DB 0, and Redis
// always starts a new segment with a SELECT.
func (e *Encoder) Reset() { e.db = -1 }

// AppendBatch appends the effects of one command or one transaction to dst
// and returns it with the batch's highest LSN (0 for an empty batch). A
// batch of two or more commands is wrapped in MULTI/EXEC so that replay
// applies it all or not at all; a single command is written bare.
func (e *Encoder) AppendBatch(dst []byte, batch []engine.Effect) ([]byte, uint64) {
	if len(batch) == 0 {
		return dst, 0
	}
	dst = e.appendTimestamp(dst)
	wrap := countCommands(batch) >= 2
	var lsn uint64
	for i, ef := range batch {
		dst = e.appendSelect(dst, ef.DB)
		if wrap && i == 0 {
			// NB: MULTI goes after the first SELECT, as Redis propagates
			// MULTI in the database of the transaction's first command.
			dst = append(dst, cmdMulti...)
		}
		dst = append(dst, ef.RESP...)
		lsn = max(lsn, ef.LSN)
	}
	if wrap {
		dst = append(dst, cmdExec...)
	}
	return dst, lsn
}

func (e *Encoder) appendSelect(dst []byte, db int) []byte {
	if db == e.db {
		return dst
	}
	e.db = db
	return engine.AppendCommand(dst, []byte("SELECT"), strconv.AppendInt(nil, int64(db), 10))
}

func (e *Encoder) appendTimestamp(dst []byte) []byte {
	if !e.timestamps {
		return dst
	}
	ts := e.now().Unix()
	if ts <= e.lastTS {
		return dst
	}
	e.lastTS = ts
	dst = append(dst, "#TS:"...)
	dst = strconv.AppendInt(dst, ts, 10)
	return append(dst, '\r', '\n')
}

// countCommands counts the RESP commands of a batch: an effect may hold
// more than one.
func countCommands(batch []engine.Effect) int {
	n := 0
	for _, ef := range batch {
		n += commandsIn(ef.RESP)
		if n >= 2 {
			return n
		}
	}
	return n
}

// commandsIn counts the multibulk commands in well-formed RESP.
func commandsIn(b []byte) int {
	n := 0
	for len(b) > 0 {
		argc, rest := readCount(b[1:])
		b = rest
		for ; argc > 0; argc-- {
			l, rest := readCount(b[1:])
			b = rest[l+2:]
		}
		n++
	}
	return n
}

// readCount parses "<decimal>\r\n" and returns the number and the rest.
func readCount(b []byte) (int, []byte) {
	v, i := 0, 0
	for ; b[i] != '\r'; i++ {
		v = v*10 + int(b[i]-'0')
	}
	return v, b[i+2:]
}
