package server

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"unsafe"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/resp"
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
	r := newRESPBase()
	r.dst = engine.AppendCommand(r.dst, []byte("SELECT"), []byte(strconv.Itoa(db.ID)))
	_, err := w.Write(r.dst)
	n := 0
	db.Range(func(key string, v *engine.Value) bool {
		if n++; n%yieldEvery == 0 {
			yield()
		}
		if err == nil {
			err = r.key(key, v)
		}
		if err == nil {
			_, err = w.Write(r.dst)
		}
		return err == nil
	})
	return err
}

// respBase builds the commands that rebuild one key at a time, with the
// loop bodies made once and the elements passed as views of the
// snapshot's memory (which never changes): copying each element and
// making closures per key was garbage that brought the collector into the
// rewrite (see gc.go, saveHeadroom).
type respBase struct {
	dst    []byte
	args   [][]byte // name, key, then up to itemsPerCmd items
	items  int
	scores []byte // the batch's scores as text
	list   func(int, []byte) bool
	set    func(string) bool
	hash   func(f, v string) bool
	zset   func(int, engine.ZSetEntry) bool
}

// maxScoreText bounds a score's text ("%.17g", sign and exponent included).
const maxScoreText = 32

func newRESPBase() *respBase {
	r := &respBase{args: make([][]byte, 0, 2+2*itemsPerCmd), scores: make([]byte, 0, itemsPerCmd*maxScoreText)}
	r.list = func(_ int, e []byte) bool { r.push(e); return true }
	r.set = func(m string) bool { r.push(stringBytes(m)); return true }
	r.hash = func(f, v string) bool { r.push(stringBytes(f), stringBytes(v)); return true }
	r.zset = func(_ int, it engine.ZSetEntry) bool {
		from := len(r.scores)
		r.scores = resp.AppendDouble(r.scores, it.Score)
		r.push(r.scores[from:len(r.scores):len(r.scores)], stringBytes(it.Member))
		return true
	}
	return r
}

// key replaces dst with the commands that rebuild key: its value in
// batches, then its absolute expiry.
func (r *respBase) key(key string, v *engine.Value) error {
	k := stringBytes(key)
	r.dst = r.dst[:0]
	switch o := v.Obj().(type) {
	case nil:
		r.dst = engine.AppendCommand(r.dst, cmdSET, k, stringBytes(v.Str()))
	case *engine.List:
		r.start(cmdRPUSH, k)
		o.Range(0, false, r.list)
	case *engine.Set:
		r.start(cmdSADD, k)
		o.Range(r.set)
	case *engine.Hash:
		r.start(cmdHMSET, k)
		o.Range(r.hash)
	case *engine.ZSet:
		r.start(cmdZADD, k)
		o.Range(0, false, r.zset)
	default:
		return fmt.Errorf("aof rewrite: cannot write a value of type %s in RESP", v.Type())
	}
	r.flush()
	if at := v.ExpireAt(); at != 0 {
		r.dst = engine.AppendCommand(r.dst, cmdPEXPIREAT, k, strconv.AppendInt(r.scores[:0], at, 10))
	}
	return nil
}

var (
	cmdSET, cmdPEXPIREAT                 = []byte("SET"), []byte("PEXPIREAT")
	cmdRPUSH, cmdSADD, cmdHMSET, cmdZADD = []byte("RPUSH"), []byte("SADD"), []byte("HMSET"), []byte("ZADD")
)

func (r *respBase) start(name, key []byte) {
	r.args = append(r.args[:0], name, key)
	r.items = 0
	r.scores = r.scores[:0]
}

// push adds one item (an element, a field and its value, a score and its
// member) and writes the command when it holds itemsPerCmd of them.
func (r *respBase) push(parts ...[]byte) {
	r.args = append(r.args, parts...)
	if r.items++; r.items == itemsPerCmd {
		r.flush()
	}
}

func (r *respBase) flush() {
	if r.items == 0 {
		return
	}
	r.dst = engine.AppendCommand(r.dst, r.args...)
	clear(r.args[2:]) // NB: keep no view of the snapshot beyond its batch
	r.args, r.items, r.scores = r.args[:2], 0, r.scores[:0]
}

// stringBytes views s as bytes for AppendCommand, which only reads them.
func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
