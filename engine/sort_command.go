package engine

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// sortItem is one element being sorted with its precomputed key.
type sortItem struct {
	val   string
	score float64
	cmp   *string // ALPHA BY value; nil when the BY key is missing
}

func sortCommand(c *Ctx)   { sortGeneric(c, false) }
func sortROCommand(c *Ctx) { sortGeneric(c, true) }

// sortGeneric runs SORT and SORT_RO. With STORE the request is logged as
// is: its outcome depends only on data, since a set is sorted even under
// BY nosort when storing (as Redis does for the same reason).
func sortGeneric(c *Ctx, readonly bool) {
	o, ok := parseSort(c, readonly)
	if !ok {
		return
	}
	v := c.DB.Lookup(c.Str(1))
	typ := TypeList
	if v != nil {
		typ = v.Type()
		if typ != TypeList && typ != TypeSet && typ != TypeZSet {
			c.W.Error(ErrWrongType)
			return
		}
	}
	if o.dontSort && typ == TypeSet && o.store > 0 {
		o.dontSort, o.alpha, o.hasBy = false, true, false
	}
	var obj Object
	if v != nil {
		obj = v.Obj()
	}
	items, start, end := sortLoad(obj, &o)
	if !o.dontSort {
		if !sortScores(c, items, &o) {
			c.W.Error(ErrSortNotDouble)
			return
		}
		sortItems(items, &o)
	}
	if o.store > 0 {
		sortStore(c, items, start, end, &o)
		return
	}
	sortReply(c, items, start, end, &o)
}

// sortLoad reads the elements to sort and the output range. Under BY
// nosort, lists and sorted sets load only the LIMIT range, in native order
// (reversed by DESC), and the range is rebased to it.
func sortLoad(obj Object, o *sortOptions) (items []sortItem, start, end int) {
	n := 0
	if obj != nil {
		n = obj.Len()
	}
	start, end = o.sortRange(n)
	add := func(s string) { items = append(items, sortItem{val: s}) }
	switch x := obj.(type) {
	case *List:
		if !o.dontSort {
			x.Range(0, false, func(_ int, b []byte) bool { add(string(b)); return true })
			return items, start, end
		}
		if end >= start {
			from := start
			if o.desc {
				from = n - start - 1
			}
			x.Range(from, o.desc, func(_ int, b []byte) bool {
				add(string(b))
				return len(items) < end-start+1
			})
			start, end = 0, end-start
		}
	case *Set:
		x.Range(func(m string) bool { add(m); return true })
	case *ZSet:
		if !o.dontSort {
			x.Range(0, false, func(_ int, e ZSetEntry) bool { add(e.Member); return true })
			return items, start, end
		}
		from := start
		if o.desc {
			from = n - start - 1
		}
		want := end - start + 1
		if want > 0 {
			x.Range(from, o.desc, func(_ int, e ZSetEntry) bool {
				add(e.Member)
				return len(items) < want
			})
		}
		start, end = 0, end-start
	}
	return items, start, end
}

// sortScores computes each element's sort key; false when a numeric key
// is not a double.
func sortScores(c *Ctx, items []sortItem, o *sortOptions) bool {
	ok := true
	for i := range items {
		by, found := items[i].val, true
		if o.hasBy {
			by, found = sortLookup(c, o.by, items[i].val)
			if !found {
				continue
			}
		}
		if o.alpha {
			if o.hasBy {
				s := by
				items[i].cmp = &s
			}
			continue
		}
		f, good := strtod(by)
		if !good {
			ok = false
		}
		items[i].score = f
	}
	return ok
}

// strtod parses s as C's strtod must consume it whole for SORT: leading
// spaces allowed, the empty rest is 0, overflow and NaN refused.
func strtod(s string) (float64, bool) {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	if s == "" {
		return 0, true
	}
	if strings.ContainsRune(s, '_') {
		return 0, false
	}
	t := strings.ToLower(strings.TrimLeft(s, "+-"))
	if strings.HasPrefix(t, "0x") && !strings.Contains(t, "p") {
		s += "p0" // C allows a hex float without an exponent; Go does not
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// sortItems orders items as Redis's sortCompare does. Binary comparison
// stands in for strcoll, as in the C locale.
func sortItems(items []sortItem, o *sortOptions) {
	cmp := func(a, b *sortItem) int {
		switch {
		case !o.alpha:
			if a.score != b.score {
				if a.score < b.score {
					return -1
				}
				return 1
			}
			return strings.Compare(a.val, b.val)
		case o.hasBy:
			switch {
			case a.cmp == nil && b.cmp == nil:
				return 0
			case a.cmp == nil:
				return -1
			case b.cmp == nil:
				return 1
			}
			return strings.Compare(*a.cmp, *b.cmp)
		}
		return strings.Compare(a.val, b.val)
	}
	sort.SliceStable(items, func(i, j int) bool {
		r := cmp(&items[i], &items[j])
		if o.desc {
			r = -r
		}
		return r < 0
	})
}

// sortOutputLen is how many values the range yields, GET patterns included.
func sortOutputLen(start, end int, o *sortOptions) int {
	n := max(end-start+1, 0)
	if len(o.gets) > 0 {
		n *= len(o.gets)
	}
	return n
}

func sortReply(c *Ctx, items []sortItem, start, end int, o *sortOptions) {
	c.W.Array(sortOutputLen(start, end, o))
	for j := start; j <= end; j++ {
		if len(o.gets) == 0 {
			c.W.BulkString(items[j].val)
		}
		for _, g := range o.gets {
			if v, ok := sortLookup(c, g, items[j].val); ok {
				c.W.BulkString(v)
			} else {
				c.W.Null()
			}
		}
	}
}

// sortStore stores the result as a list (missing GET values become empty
// strings), or deletes the target when there is nothing to store.
func sortStore(c *Ctx, items []sortItem, start, end int, o *sortOptions) {
	n := sortOutputLen(start, end, o)
	key := c.Str(o.store)
	if n == 0 {
		if c.DB.Delete(key) {
			c.Notify(NotifyGeneric, "del", key)
			c.Changed(1)
		}
		c.W.Int(0)
		return
	}
	elems := make([][]byte, 0, n)
	for j := start; j <= end; j++ {
		if len(o.gets) == 0 {
			elems = append(elems, []byte(items[j].val))
		}
		for _, g := range o.gets {
			v, _ := sortLookup(c, g, items[j].val)
			elems = append(elems, []byte(v))
		}
	}
	c.DB.Set(c.Key(o.store), ObjectValue(NewList(elems)))
	c.Notify(NotifyList, "sortstore", key)
	c.Changed(n)
	c.W.Int(int64(n))
}
