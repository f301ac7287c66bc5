package recovery

import (
	"bufio"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/rdb"
)

// rdbLoader decodes an RDB base (or the RDB preamble of a base) into the
// engine for aof.Load.
type rdbLoader struct {
	e    *engine.Engine
	rep  *Report
	opts Options
}

func (l rdbLoader) LoadRDB(br *bufio.Reader) error {
	l.rep.Preamble = true
	// Keys already expired stay: the log after the preamble deletes them,
	// or the live server does, as Redis keeps them in an AOF preamble.
	_, err := rdb.Load(exactReader{br}, l.e, rdb.LoadOptions{KeepExpired: true, Serial: true, Function: l.opts.Function,
		Progress: func(offset, keys int64) {
			logf(l.opts, "Loading the RDB part of the AOF: %d keys, %d bytes", keys, offset)
		}, ProgressInterval: l.opts.ProgressInterval})
	return err
}

// exactReader hands the RDB decoder one byte per Read. The decoder asks
// only for the bytes it needs, so it never consumes past the RDB's
// checksum, and the AOF reader continues exactly there with the RESP tail.
// NB: a plain io.Reader over br would let the decoder buffer part of the
// tail; that is the one thing that must not happen here.
type exactReader struct{ br *bufio.Reader }

func (r exactReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	b, err := r.br.ReadByte()
	if err != nil {
		return 0, err
	}
	p[0] = b
	return 1, nil
}
