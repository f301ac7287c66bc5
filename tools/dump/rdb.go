package dump

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/rdb"
)

// RDBStats counts what a dump wrote.
type RDBStats struct {
	Keys, Written, Elements int64
}

// DumpRDB streams the keys of the RDB file at path to w.
func DumpRDB(fs vfs.FS, path string, w io.Writer, opts Options) (RDBStats, error) {
	if fs == nil {
		fs = vfs.Default
	}
	f, err := fs.Open(path)
	if err != nil {
		return RDBStats{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return RDBStats{}, err
	}
	h := newKeyWriter(w, opts)
	d := rdb.NewDecoder(&tickReader{r: f, size: st.Size(), tick: opts.Tick}, rdb.Options{Databases: 1 << 30})
	err = d.Decode(h)
	if ferr := h.flush(); err == nil {
		err = ferr
	}
	return h.stats, err
}

// keyWriter turns decoded keys into output. Collections arrive element by
// element (BeginValue); strings and streams whole (Key).
type keyWriter struct {
	opts  Options
	resp  *respWriter // the output buffer, for both formats
	stats RDBStats
	sink  elementSink
}

func newKeyWriter(w io.Writer, opts Options) *keyWriter {
	return &keyWriter{opts: opts, resp: newRESPWriter(w)}
}

func (k *keyWriter) flush() error { return k.resp.w.Flush() }

func (k *keyWriter) Aux(key, value string) error                 { return nil }
func (k *keyWriter) ResizeDB(db int, keys, expires uint64) error { return nil }
func (k *keyWriter) Function(library string) error               { return nil }

// BeginValue starts a collection: a filtered-out key gets a sink that drops
// its elements, so it is never materialized either.
func (k *keyWriter) BeginValue(rec *rdb.Record) (rdb.ElementSink, error) {
	k.stats.Keys++
	if !k.opts.Filter.keep(rec.DB, rec.Key, kindOf(rec.Type)) {
		k.sink = elementSink{}
		return &k.sink, nil
	}
	k.stats.Written++
	k.sink = elementSink{k: k, rec: rec}
	k.sink.begin()
	return &k.sink, nil
}

func (k *keyWriter) Key(rec *rdb.Record) error {
	if rec.Value == nil { // a collection that went through the sink
		return k.sink.end()
	}
	k.stats.Keys++
	if !k.opts.Filter.keep(rec.DB, rec.Key, kindOf(rec.Type)) {
		return nil
	}
	k.stats.Written++
	if k.opts.Format == JSON {
		return k.jsonWhole(rec)
	}
	k.respWhole(rec)
	return nil
}

func (k *keyWriter) jsonHead(rec *rdb.Record) {
	b := k.resp.w
	fmt.Fprintf(b, `{"db":%d,"key":%s,"type":%q,"encoding":%q`, rec.DB, jsonString(rec.Key), kindOf(rec.Type), rec.Type.String())
	if rec.ExpireMs != rdb.NoExpire {
		fmt.Fprintf(b, `,"expire_ms":%d`, rec.ExpireMs)
	}
	b.WriteString(`,"value":`)
}

func (k *keyWriter) jsonWhole(rec *rdb.Record) error {
	k.jsonHead(rec)
	v, err := json.Marshal(rec.Value)
	if err != nil {
		return err
	}
	k.resp.w.Write(v)
	k.resp.w.WriteString("}\n")
	return nil
}

func (k *keyWriter) respWhole(rec *rdb.Record) {
	r := k.resp
	r.selectDB(rec.DB)
	switch v := rec.Value.(type) {
	case string:
		r.command("SET", rec.Key, v)
	case *rdb.Stream:
		writeStream(r, rec.Key, v)
	}
	k.respExpire(rec)
}

func (k *keyWriter) respExpire(rec *rdb.Record) {
	if rec.ExpireMs != rdb.NoExpire {
		k.resp.command("PEXPIREAT", rec.Key, strconv.FormatInt(rec.ExpireMs, 10))
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
