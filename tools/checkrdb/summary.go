package checkrdb

import (
	"container/heap"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/strata-db/strata/rdb"
)

// Summary is what a check saw.
type Summary struct {
	Size      int64 // file size
	End       int64 // where the RDB ended (after its checksum)
	Version   int
	Checksum  uint64 // stored trailer; 0 when disabled
	Aux       [][2]string
	Functions int

	Keys           int64
	Expires        int64
	AlreadyExpired int64
	DBs            map[int]*DBSummary
	Encodings      map[string]int64 // type byte name -> keys
	Biggest        []BigKey         // largest first, by bytes in the file

	top  int
	heap bigHeap
}

// DBSummary counts one database's keys.
type DBSummary struct {
	Keys    int64
	Expires int64
	Bytes   int64
	ByKind  map[string]int64 // string, list, set, zset, hash, stream
}

// BigKey is one key of the top-N list.
type BigKey struct {
	DB       int
	Key      string
	Kind     string
	Encoding string
	Bytes    int64 // size of the record in the file, expiry opcodes included
	Elements int   // elements (1 for a string)
}

func newSummary(top int) *Summary {
	if top <= 0 {
		top = 10
	}
	return &Summary{DBs: map[int]*DBSummary{}, Encodings: map[string]int64{}, top: top}
}

// add counts a key; elems is its element count when the value was not
// materialized (-1 otherwise).
func (s *Summary) add(rec *rdb.Record, bytes int64, now time.Time, elems int) {
	s.Keys++
	db := s.DBs[rec.DB]
	if db == nil {
		db = &DBSummary{ByKind: map[string]int64{}}
		s.DBs[rec.DB] = db
	}
	db.Keys++
	db.Bytes += bytes
	kind := rec.Type.Kind().String()
	db.ByKind[kind]++
	s.Encodings[rec.Type.String()]++
	if rec.ExpireMs != rdb.NoExpire {
		s.Expires++
		db.Expires++
		if rec.ExpireMs < now.UnixMilli() {
			s.AlreadyExpired++
		}
	}
	if elems < 0 {
		elems = Elements(rec.Value)
	}
	s.offer(BigKey{DB: rec.DB, Key: rec.Key, Kind: kind, Encoding: rec.Type.String(), Bytes: bytes, Elements: elems})
}

// Elements is the number of elements in a decoded value.
func Elements(v any) int {
	switch v := v.(type) {
	case rdb.List:
		return len(v)
	case rdb.Set:
		return len(v)
	case rdb.ZSet:
		return len(v)
	case rdb.Hash:
		return len(v)
	case *rdb.Stream:
		return len(v.Entries)
	}
	return 1
}

// offer keeps the top-N biggest keys in a min-heap.
func (s *Summary) offer(k BigKey) {
	if len(s.heap) < s.top {
		heap.Push(&s.heap, k)
	} else if k.Bytes > s.heap[0].Bytes {
		s.heap[0] = k
		heap.Fix(&s.heap, 0)
	}
	s.Biggest = nil
}

// Top returns the biggest keys, largest first.
func (s *Summary) Top() []BigKey {
	if s.Biggest == nil {
		s.Biggest = slices.Clone([]BigKey(s.heap))
		slices.SortFunc(s.Biggest, func(a, b BigKey) int { return int(b.Bytes - a.Bytes) })
	}
	return s.Biggest
}

type bigHeap []BigKey

func (h bigHeap) Len() int           { return len(h) }
func (h bigHeap) Less(i, j int) bool { return h[i].Bytes < h[j].Bytes }
func (h bigHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *bigHeap) Push(x any)        { *h = append(*h, x.(BigKey)) }
func (h *bigHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (s *Summary) writeInfo(w io.Writer) {
	fmt.Fprintf(w, "[info] %d keys read\n", s.Keys)
	fmt.Fprintf(w, "[info] %d expires\n", s.Expires)
	fmt.Fprintf(w, "[info] %d already expired\n", s.AlreadyExpired)
}

// WriteText prints the summary tables.
func (s *Summary) WriteText(w io.Writer) {
	fmt.Fprintf(w, "RDB version %d, %d bytes (RDB ends at %d), checksum %016x, %d function libraries\n",
		s.Version, s.Size, s.End, s.Checksum, s.Functions)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DB\tKEYS\tEXPIRES\tBYTES\tstring\tlist\tset\tzset\thash\tstream")
	dbs := make([]int, 0, len(s.DBs))
	for db := range s.DBs {
		dbs = append(dbs, db)
	}
	slices.Sort(dbs)
	for _, db := range dbs {
		d := s.DBs[db]
		k := d.ByKind
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", db, d.Keys, d.Expires, d.Bytes,
			k["string"], k["list"], k["set"], k["zset"], k["hash"], k["stream"])
	}
	tw.Flush()
	encs := make([]string, 0, len(s.Encodings))
	for e := range s.Encodings {
		encs = append(encs, e)
	}
	slices.Sort(encs)
	for _, e := range encs {
		fmt.Fprintf(w, "encoding %s: %d keys\n", e, s.Encodings[e])
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BIGGEST\tDB\tTYPE\tENCODING\tBYTES\tELEMENTS")
	for _, k := range s.Top() {
		fmt.Fprintf(tw, "%q\t%d\t%s\t%s\t%d\t%d\n", k.Key, k.DB, k.Kind, k.Encoding, k.Bytes, k.Elements)
	}
	tw.Flush()
}
