package engine

import "strconv"

func init() {
	Register(&Command{Name: "sscan", Arity: -3, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "set", Since: "2.8.0",
		Summary: "Incrementally iterate Set elements", Run: sscanCommand})
}

// sscanCommand returns an intset whole with cursor 0, as Redis does; the
// map form scans by trie position (see pmap.Map.Scan).
func sscanCommand(c *Ctx) {
	cursor, ok := parseScanCursor(c, 2)
	if !ok {
		return
	}
	s, ok := c.readSet(c.Str(1))
	if !ok {
		return
	}
	if s == nil {
		replyScan(c, 0, nil)
		return
	}
	o, ok := parseScanOptions(c, 3)
	if !ok {
		return
	}
	var items []string
	if s.ht == nil {
		s.is.Range(func(v int64) bool {
			if m := strconv.FormatInt(v, 10); o.keep(m) {
				items = append(items, m)
			}
			return true
		})
		replyScan(c, 0, items)
		return
	}
	next := s.ht.Scan(cursor, o.count, func(m string, _ *struct{}) {
		if o.keep(m) {
			items = append(items, m)
		}
	})
	replyScan(c, next, items)
}
