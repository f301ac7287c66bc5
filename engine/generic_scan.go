package engine

import "strconv"

func init() {
	Register(&Command{Name: "scan", Arity: -2, Flags: FlagReadOnly,
		Group: "generic", Since: "2.8.0",
		Summary: "Incrementally iterate the keys space", Run: scanCommand})
}

// keyScanOptions are SCAN's options after parsing.
type keyScanOptions struct {
	count    int64
	pattern  string // "" or "*" match everything
	typeName string // "" for any type
	hasType  bool
}

// scanCommand walks the keyspace from a cursor (a position in the hash
// map's digit order, stable across growth; see pmap.Scan), then filters
// by pattern and type and drops expired keys, as Redis does.
func scanCommand(c *Ctx) {
	cursor, ok := ParseCursor(c.Args[1])
	if !ok {
		c.W.Error(ErrInvalidCursor)
		return
	}
	o, ok := parseKeyScanOptions(c, 2, true)
	if !ok {
		return
	}
	var keys []string
	next := c.DB.Scan(cursor, int(min(o.count, 1<<30)), func(key string, _ *Value) {
		keys = append(keys, key)
	})
	// Filter only after the walk: expiring a key changes the map.
	kept := keys[:0]
	for _, key := range keys {
		if o.pattern != "" && !GlobMatch(o.pattern, key, false) {
			continue
		}
		v := c.lookupNoTouch(key)
		if v == nil || (o.hasType && v.Type().String() != o.typeName) {
			continue
		}
		kept = append(kept, key)
	}
	c.W.Array(2)
	c.W.BulkString(strconv.FormatUint(next, 10))
	c.W.StringArray(kept)
}

// parseKeyScanOptions parses COUNT, MATCH and (when withType) TYPE from
// argument from on, replying on error.
func parseKeyScanOptions(c *Ctx, from int, withType bool) (keyScanOptions, bool) {
	o := keyScanOptions{count: 10}
	for i := from; i < len(c.Args); i += 2 {
		more := i+1 < len(c.Args)
		switch {
		case c.Is(i, "COUNT") && more:
			n, ok := c.Int(i + 1)
			if !ok {
				return o, false
			}
			if n < 1 {
				c.W.Error(ErrSyntax)
				return o, false
			}
			o.count = n
		case c.Is(i, "MATCH") && more:
			o.pattern = c.Str(i + 1)
			if o.pattern == "*" {
				o.pattern = ""
			}
		case c.Is(i, "TYPE") && more && withType:
			o.typeName, o.hasType = c.Str(i+1), true
		default:
			c.W.Error(ErrSyntax)
			return o, false
		}
	}
	return o, true
}

// ParseCursor parses a SCAN cursor as Redis's strtoul does: decimal with
// an optional sign (a negative cursor wraps around), no leading space, no
// overflow. An empty cursor is 0.
func ParseCursor(b []byte) (uint64, bool) {
	s := unsafeString(b)
	neg := false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
		if len(s) == 0 {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil && s != "" {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}
