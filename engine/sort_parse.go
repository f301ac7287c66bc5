package engine

import "strings"

func init() {
	Register(
		&Command{Name: "sort", Arity: -2, Flags: FlagWrite | FlagDenyOOM | FlagMovableKeys,
			Keys: sortKeys, Group: "generic", Since: "1.0.0",
			Summary: "Sort the elements in a list, set or sorted set", Run: sortCommand},
		// NB: movable as SORT is: BY and GET read keys named by patterns,
		// which no key position shows (Redis marks the key spec
		// incomplete). Readers that wait for settled keys wait for all.
		&Command{Name: "sort_ro", Arity: -2, Flags: FlagReadOnly | FlagMovableKeys,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "7.0.0",
			Summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", Run: sortROCommand},
	)
}

// sortOptions is a parsed SORT request.
type sortOptions struct {
	desc, alpha bool
	// limitStart and limitCount are LIMIT's raw values (count -1: all).
	limitStart, limitCount int64
	store                  int    // argument index of the STORE key, 0 for none
	by                     string // BY pattern; "" for none
	hasBy                  bool
	dontSort               bool // BY without '*': keep the native order
	gets                   []string
}

// sortKeys finds SORT's keys: the sorted key and the last STORE target,
// skipping the arguments of LIMIT, GET and BY as Redis's sortGetKeys does.
func sortKeys(args [][]byte) []int {
	keys := []int{1}
	store := 0
	for i := 2; i < len(args); i++ {
		switch strings.ToLower(string(args[i])) {
		case "limit":
			i += 2
		case "get", "by":
			i++
		case "store":
			if i+1 < len(args) {
				store = i + 1
			}
			i++
		}
	}
	if store > 0 {
		keys = append(keys, store)
	}
	return keys
}

// parseSort reads SORT's options, replying on error.
func parseSort(c *Ctx, readonly bool) (sortOptions, bool) {
	o := sortOptions{limitCount: -1}
	for j := 2; j < len(c.Args); j++ {
		left := len(c.Args) - j - 1
		switch {
		case c.Is(j, "asc"):
			o.desc = false
		case c.Is(j, "desc"):
			o.desc = true
		case c.Is(j, "alpha"):
			o.alpha = true
		case c.Is(j, "limit") && left >= 2:
			var ok bool
			if o.limitStart, ok = c.Int(j + 1); !ok {
				return o, false
			}
			if o.limitCount, ok = c.Int(j + 2); !ok {
				return o, false
			}
			j += 2
		case !readonly && c.Is(j, "store") && left >= 1:
			o.store = j + 1
			j++
		case c.Is(j, "by") && left >= 1:
			o.by, o.hasBy = c.Key(j+1), true
			o.dontSort = !strings.Contains(o.by, "*")
			j++
		case c.Is(j, "get") && left >= 1:
			o.gets = append(o.gets, c.Key(j+1))
			j++
		default:
			c.W.Error(ErrSyntax)
			return o, false
		}
	}
	return o, true
}

// sortRange turns LIMIT into the inclusive range [start, end] of a vector
// of n elements, exactly as Redis clamps it (end < start means none).
func (o *sortOptions) sortRange(n int) (start, end int) {
	s := int(min(max(o.limitStart, 0), int64(n)))
	cnt := min(max(o.limitCount, -1), int64(n))
	e := n - 1
	if cnt >= 0 {
		e = s + int(cnt) - 1
	}
	if s >= n {
		s, e = n-1, n-2
	}
	return s, min(e, n-1)
}
