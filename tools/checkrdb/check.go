// Package checkrdb checks an RDB file as redis-check-rdb 7.0.15 does (deep
// validation of every encoding, the CRC-64 trailer, exit status 0 or 1,
// bytes after the trailer ignored) and summarizes it: keys per database and
// type, encodings, expiring keys, the biggest keys by their size in the
// file, the checksum.
//
// It streams: memory is bounded by the largest single value.
package checkrdb

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/rdb"
)

// Options configure a check.
type Options struct {
	FS   vfs.FS    // vfs.Default if nil
	Out  io.Writer // redis-check-rdb's messages; io.Discard if nil
	Top  int       // biggest keys to keep; 10 if 0
	Now  time.Time // for "already expired"; time.Now() if zero
	Tick func(offset, size int64)
}

var errEmptyKey = errors.New("empty keys skipped (redis-check-rdb refuses them)")

// Check checks path. It returns the summary and nil when the file is sound,
// or the summary so far and the error that made it unsound.
func Check(path string, opts Options) (*Summary, error) {
	if opts.FS == nil {
		opts.FS = vfs.Default
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	s := newSummary(opts.Top)
	fmt.Fprintf(opts.Out, "[offset 0] Checking RDB file %s\n", path)
	f, err := opts.FS.Open(path)
	if err != nil {
		return s, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		s.Size = st.Size()
	}
	c := &checker{opts: opts, sum: s, seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
	c.d = rdb.NewDecoder(&progressReader{r: f, tick: opts.Tick, size: s.Size}, rdb.Options{Databases: 1 << 30})
	err = c.d.Decode(c)
	if err == nil && c.d.SkippedEmpty > 0 {
		err = &rdb.CorruptionError{Offset: c.d.Offset(), Reason: errEmptyKey.Error()}
	}
	s.Version, s.Checksum, s.End = c.d.Version(), c.d.Checksum, c.d.Offset()
	if err != nil {
		c.reportError(err)
		return s, err
	}
	c.reportOK()
	return s, nil
}

// checker is the rdb.Handler that fills the summary and prints
// redis-check-rdb's progress lines.
type checker struct {
	opts Options
	d    *rdb.Decoder
	sum  *Summary
	last int64 // offset after the previous record
	key  *rdb.Record

	elems *elementCheck // the collection being read, nil for others
	seeds [2]maphash.Seed
}

func (c *checker) info(format string, args ...any) {
	fmt.Fprintf(c.opts.Out, "[offset %d] %s\n", c.d.Offset(), fmt.Sprintf(format, args...))
}

func (c *checker) Aux(key, value string) error {
	c.info("AUX FIELD %s = '%s'", key, value)
	c.sum.Aux = append(c.sum.Aux, [2]string{key, value})
	c.last = c.d.Offset()
	return nil
}

func (c *checker) ResizeDB(db int, keys, expires uint64) error {
	c.info("Selecting DB ID %d", db)
	c.last = c.d.Offset()
	return nil
}

func (c *checker) Function(library string) error {
	c.sum.Functions++
	c.last = c.d.Offset()
	return nil
}

func (c *checker) Key(rec *rdb.Record) error {
	end := c.d.Offset()
	elems := -1
	if rec.Value == nil && c.elems != nil {
		if c.elems.n == 0 {
			return &rdb.CorruptionError{Offset: end, Reason: errEmptyKey.Error()}
		}
		elems = c.elems.n
	}
	c.sum.add(rec, end-c.last, c.opts.Now, elems)
	c.last, c.key, c.elems = end, rec, nil
	return nil
}

func (c *checker) reportError(err error) {
	w := c.opts.Out
	fmt.Fprintf(w, "--- RDB ERROR DETECTED ---\n")
	off := c.d.Offset()
	var ce *rdb.CorruptionError
	if errors.As(err, &ce) {
		off = ce.Offset
	}
	msg := err.Error()
	if errors.Is(err, rdb.ErrTruncated) {
		msg = "Unexpected EOF reading RDB file (" + err.Error() + ")"
	} else if errors.Is(err, rdb.ErrChecksum) {
		msg = "RDB CRC error"
	}
	fmt.Fprintf(w, "[offset %d] %s\n", off, msg)
	if c.key != nil {
		fmt.Fprintf(w, "[additional info] Last key read: '%s' (db %d)\n", c.key.Key, c.key.DB)
	}
	c.sum.writeInfo(w)
}

func (c *checker) reportOK() {
	if c.d.Version() >= 5 {
		if c.d.Checksum == 0 {
			c.info("RDB file was saved with checksum disabled: no check performed.")
		} else {
			c.info("Checksum OK")
		}
	}
	c.info("\\o/ RDB looks OK! \\o/")
	c.sum.writeInfo(c.opts.Out)
}

// progressReader reports how far reading has got.
type progressReader struct {
	r    io.Reader
	n    int64
	size int64
	tick func(offset, size int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if p.tick != nil {
		p.tick(p.n, p.size)
	}
	return n, err
}
