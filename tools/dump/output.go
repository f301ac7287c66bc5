// Package dump streams the content of an RDB file or an AOF (manifest or
// single file) as JSON lines (one key or one command a line) or as RESP
// commands that `redis-cli --pipe` replays into any server. Filters select
// by database, key pattern (Redis glob) and type.
//
// Everything streams: collections go through the RDB decoder's element
// sink, so a value is never held whole (streams excepted, the decoder
// materializes them), and big collections become several commands of at
// most BatchSize elements.
package dump

import (
	"bufio"
	"io"
	"math"
	"strconv"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/rdb"
)

// Format is the output form.
type Format int

const (
	JSON Format = iota // one JSON object a line
	RESP               // RESP multibulk commands
)

// ParseFormat reads "json" or "resp".
func ParseFormat(s string) (Format, bool) {
	switch s {
	case "json":
		return JSON, true
	case "resp":
		return RESP, true
	}
	return 0, false
}

// Filter selects keys or commands. The zero Filter selects everything
// except that DB must be set to -1 for "every database".
type Filter struct {
	DB      int             // -1 for all
	Pattern string          // Redis glob on the key; "" for all
	Types   map[string]bool // data types (string, list, set, zset, hash, stream); nil for all
}

// AllDBs is the filter that selects everything.
var AllDBs = Filter{DB: -1}

func (f *Filter) keep(db int, key string, kind string) bool {
	if f.DB >= 0 && db != f.DB {
		return false
	}
	if f.Types != nil && !f.Types[kind] {
		return false
	}
	return f.Pattern == "" || engine.GlobMatch(f.Pattern, key, false)
}

// BatchSize is how many elements one RESP command carries at most.
const BatchSize = 512

// Options configure a dump.
type Options struct {
	Format Format
	Filter Filter
	Tick   func(offset, size int64) // progress, may be nil
}

// respWriter writes commands, tracking the selected database.
type respWriter struct {
	w  *bufio.Writer
	db int
}

func newRESPWriter(w io.Writer) *respWriter {
	return &respWriter{w: bufio.NewWriterSize(w, 256<<10), db: -1}
}

func (r *respWriter) selectDB(db int) {
	if db != r.db {
		r.command("SELECT", strconv.Itoa(db))
		r.db = db
	}
}

func (r *respWriter) command(args ...string) {
	r.w.WriteByte('*')
	r.w.WriteString(strconv.Itoa(len(args)))
	r.w.WriteString("\r\n")
	for _, a := range args {
		r.w.WriteByte('$')
		r.w.WriteString(strconv.Itoa(len(a)))
		r.w.WriteString("\r\n")
		r.w.WriteString(a)
		r.w.WriteString("\r\n")
	}
}

// FormatScore writes a score as Redis replies with it.
func FormatScore(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', 17, 64)
}

func kindOf(t rdb.Type) string { return t.Kind().String() }
