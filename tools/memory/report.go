// Package memory builds the big-keys and memory report of a dataset, from
// an RDB file (sizes are the keys' bytes in the file) or from a live server
// (sizes from MEMORY USAGE, found with SCAN): the top N keys by size, the
// biggest key of every type (by elements, as redis-cli --bigkeys), totals
// per type and per key prefix; as a table, JSON or CSV.
//
// Both sources stream: memory is bounded by N, the number of distinct
// prefixes and, for a file, nothing else (collections are counted element
// by element, never held).
package memory

import (
	"container/heap"
	"slices"
	"strings"
)

// KeyStat is one key's size.
type KeyStat struct {
	DB       int    `json:"db"`
	Key      string `json:"key"`
	Type     string `json:"type"`
	Encoding string `json:"encoding,omitempty"`
	Bytes    int64  `json:"bytes"`
	Elements int64  `json:"elements"`
}

// Totals sum a group of keys.
type Totals struct {
	Name  string `json:"name"`
	Keys  int64  `json:"keys"`
	Bytes int64  `json:"bytes"`
	Elems int64  `json:"elements"`
}

// Options shape the report.
type Options struct {
	Top       int    // keys in the top list, default 20
	Separator string // prefix separator, default ":"
	Depth     int    // prefix depth in separators, default 1
	Prefixes  int    // prefix rows reported, default 20
}

func (o *Options) defaults() {
	if o.Top <= 0 {
		o.Top = 20
	}
	if o.Separator == "" {
		o.Separator = ":"
	}
	if o.Depth <= 0 {
		o.Depth = 1
	}
	if o.Prefixes <= 0 {
		o.Prefixes = 20
	}
}

// Report is the result.
type Report struct {
	Source   string             `json:"source"`
	SizeKind string             `json:"size_kind"` // "rdb-bytes" or "memory-usage"
	Keys     int64              `json:"keys"`
	Bytes    int64              `json:"bytes"`
	Top      []KeyStat          `json:"top"`
	Biggest  map[string]KeyStat `json:"biggest_by_type"`
	ByType   []Totals           `json:"by_type"`
	ByPrefix []Totals           `json:"by_prefix"`

	opts     Options
	heap     statHeap
	types    map[string]*Totals
	prefixes map[string]*Totals
}

func newReport(source, kind string, opts Options) *Report {
	opts.defaults()
	return &Report{Source: source, SizeKind: kind, Biggest: map[string]KeyStat{}, opts: opts,
		types: map[string]*Totals{}, prefixes: map[string]*Totals{}}
}

// add counts one key.
func (r *Report) add(k KeyStat) {
	r.Keys++
	r.Bytes += k.Bytes
	if len(r.heap) < r.opts.Top {
		heap.Push(&r.heap, k)
	} else if k.Bytes > r.heap[0].Bytes {
		r.heap[0] = k
		heap.Fix(&r.heap, 0)
	}
	if b, ok := r.Biggest[k.Type]; !ok || k.Elements > b.Elements {
		r.Biggest[k.Type] = k
	}
	addTo(r.types, k.Type, k)
	addTo(r.prefixes, r.prefix(k.Key), k)
}

func addTo(m map[string]*Totals, name string, k KeyStat) {
	t := m[name]
	if t == nil {
		t = &Totals{Name: name}
		m[name] = t
	}
	t.Keys++
	t.Bytes += k.Bytes
	t.Elems += k.Elements
}

// prefix is the key up to its Depth-th separator ("" when it has none).
func (r *Report) prefix(key string) string {
	end := 0
	for range r.opts.Depth {
		i := strings.Index(key[end:], r.opts.Separator)
		if i < 0 {
			break
		}
		end += i + len(r.opts.Separator)
	}
	if end == 0 {
		return "(no prefix)"
	}
	return key[:end] + "*"
}

// finish sorts the lists.
func (r *Report) finish() {
	r.Top = slices.Clone([]KeyStat(r.heap))
	slices.SortFunc(r.Top, func(a, b KeyStat) int { return cmpDesc(a.Bytes, b.Bytes) })
	r.ByType = sortedTotals(r.types, 0)
	r.ByPrefix = sortedTotals(r.prefixes, r.opts.Prefixes)
}

func sortedTotals(m map[string]*Totals, limit int) []Totals {
	out := make([]Totals, 0, len(m))
	for _, t := range m {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b Totals) int {
		if c := cmpDesc(a.Bytes, b.Bytes); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func cmpDesc(a, b int64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

type statHeap []KeyStat

func (h statHeap) Len() int           { return len(h) }
func (h statHeap) Less(i, j int) bool { return h[i].Bytes < h[j].Bytes }
func (h statHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *statHeap) Push(x any)        { *h = append(*h, x.(KeyStat)) }
func (h *statHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
