package memory

import (
	"io"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/rdb"
)

// FromRDB reports on the RDB file at path; a key's size is its bytes in the
// file (expiry and LRU/LFU records included).
func FromRDB(fs vfs.FS, path string, opts Options, tick func(offset, size int64)) (*Report, error) {
	if fs == nil {
		fs = vfs.Default
	}
	f, err := fs.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	r := newReport(path, "rdb-bytes", opts)
	c := &counter{r: r}
	c.d = rdb.NewDecoder(&tickReader{r: f, size: st.Size(), tick: tick}, rdb.Options{Databases: 1 << 30})
	if err := c.d.Decode(c); err != nil {
		return nil, err
	}
	r.finish()
	return r, nil
}

// counter measures keys as they are decoded, counting collection elements
// through a sink so that no value is held.
type counter struct {
	r     *Report
	d     *rdb.Decoder
	last  int64
	elems int64
}

func (c *counter) Aux(key, value string) error                 { c.last = c.d.Offset(); return nil }
func (c *counter) ResizeDB(db int, keys, expires uint64) error { c.last = c.d.Offset(); return nil }
func (c *counter) Function(library string) error               { c.last = c.d.Offset(); return nil }

func (c *counter) BeginValue(rec *rdb.Record) (rdb.ElementSink, error) {
	c.elems = 0
	return c, nil
}

func (c *counter) Element(rdb.Element) error {
	c.elems++
	return nil
}

func (c *counter) Key(rec *rdb.Record) error {
	end := c.d.Offset()
	n := c.elems
	switch v := rec.Value.(type) {
	case string:
		n = int64(len(v))
	case *rdb.Stream:
		n = int64(len(v.Entries))
	}
	c.r.add(KeyStat{DB: rec.DB, Key: rec.Key, Type: rec.Type.Kind().String(), Encoding: rec.Type.String(),
		Bytes: end - c.last, Elements: n})
	c.last, c.elems = end, 0
	return nil
}

type tickReader struct {
	r    io.Reader
	n    int64
	size int64
	tick func(offset, size int64)
}

func (t *tickReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.n += int64(n)
	if t.tick != nil {
		t.tick(t.n, t.size)
	}
	return n, err
}
