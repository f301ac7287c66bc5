package server

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/rdb"
)

// itemsPerCmd is how many elements one rewritten command carries (Redis's
// AOF_REWRITE_ITEMS_PER_CMD), so that no command of a base is huge.
const itemsPerCmd = 64

// baseWriter writes a frozen snapshot as an AOF base: an RDB image when
// preamble is set (aof-use-rdb-preamble yes), else RESP commands that
// rebuild every key. It runs on the rewrite goroutine without the engine
// lock; opts were read under it.
type baseWriter struct {
	snap     *engine.Snapshot
	preamble bool
	rdbOpts  rdb.WriteOptions
	yield    func() // called every yieldEvery keys (Server.yieldToClients)
}

// resolve decides the base's format before it is named: RESP is asked
// for, but streams have no RESP form here yet, so a dataset holding one
// gets an RDB base (which Redis loads as well) rather than no rewrite.
func (b *baseWriter) resolve() {
	if b.preamble {
		return
	}
	n := 0
	for i := range b.snap.DBs {
		b.snap.DBs[i].Range(func(_ string, v *engine.Value) bool {
			if n++; n%yieldEvery == 0 {
				b.yield()
			}
			b.preamble = v.Type() == engine.TypeStream
			return !b.preamble
		})
		if b.preamble {
			return
		}
	}
}

func (b *baseWriter) write(w io.Writer) error {
	if b.preamble {
		opts := b.rdbOpts
		opts.Progress, opts.ProgressKeys = func(int64) { b.yield() }, yieldEvery
		return rdb.WriteSnapshot(w, b.snap, opts)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for i := range b.snap.DBs {
		if err := writeRESPDB(bw, &b.snap.DBs[i], b.yield); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func writeRESPDB(w *bufio.Writer, db *engine.DBView, yield func()) error {
	if db.Len() == 0 {
		return nil
	}
	buf := engine.AppendCommand(nil, []byte("SELECT"), []byte(strconv.Itoa(db.ID)))
	_, err := w.Write(buf)
	n := 0
	db.Range(func(key string, v *engine.Value) bool {
		if n++; n%yieldEvery == 0 {
			yield()
		}
		if err == nil {
			buf, err = appendKeyCommands(buf[:0], key, v)
		}
		if err == nil {
			_, err = w.Write(buf)
		}
		return err == nil
	})
	return err
}

// appendKeyCommands appends the commands that rebuild key: its value in
// batches, then its absolute expiry.
func appendKeyCommands(dst []byte, key string, v *engine.Value) ([]byte, error) {
	k := []byte(key)
	switch o := v.Obj().(type) {
	case nil:
		dst = engine.AppendCommand(dst, []byte("SET"), k, []byte(v.Str()))
	case *engine.List:
		dst = appendBatches(dst, "RPUSH", k, func(yield func(...[]byte) bool) {
			o.Range(0, false, func(_ int, e []byte) bool { return yield(append([]byte(nil), e...)) })
		})
	case *engine.Set:
		dst = appendBatches(dst, "SADD", k, func(yield func(...[]byte) bool) {
			o.Range(func(m string) bool { return yield([]byte(m)) })
		})
	case *engine.Hash:
		dst = appendBatches(dst, "HMSET", k, func(yield func(...[]byte) bool) {
			o.Range(func(f, val string) bool { return yield([]byte(f), []byte(val)) })
		})
	case *engine.ZSet:
		dst = appendBatches(dst, "ZADD", k, func(yield func(...[]byte) bool) {
			o.Range(0, false, func(_ int, it engine.ZSetEntry) bool {
				return yield([]byte(formatScore(it.Score)), []byte(it.Member))
			})
		})
	default:
		return dst, fmt.Errorf("aof rewrite: cannot write a value of type %s in RESP", v.Type())
	}
	if at := v.ExpireAt(); at != 0 {
		dst = engine.AppendCommand(dst, []byte("PEXPIREAT"), k, []byte(strconv.FormatInt(at, 10)))
	}
	return dst, nil
}

// appendBatches emits name key item... commands of at most itemsPerCmd
// items each, from the items that each() yields.
func appendBatches(dst []byte, name string, key []byte, each func(yield func(...[]byte) bool)) []byte {
	args := [][]byte{[]byte(name), key}
	items := 0
	each(func(parts ...[]byte) bool {
		args = append(args, parts...)
		if items++; items == itemsPerCmd {
			dst = engine.AppendCommand(dst, args...)
			args, items = args[:2], 0
		}
		return true
	})
	if items > 0 {
		dst = engine.AppendCommand(dst, args...)
	}
	return dst
}

func formatScore(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', 17, 64)
}
