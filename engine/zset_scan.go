package engine

func init() {
	Register(&Command{Name: "zscan", Arity: -3, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "sorted-set", Since: "2.8.0",
		Summary: "Incrementally iterate sorted sets elements and associated scores", Run: zscanCommand})
}

func zscanCommand(c *Ctx) {
	cursor, ok := parseScanCursor(c, 2)
	if !ok {
		return
	}
	o, ok := parseScanOptions(c, 3)
	if !ok {
		return
	}
	z, ok := readZSet(c, c.Str(1))
	if !ok {
		return
	}
	var items []string
	next := uint64(0)
	switch {
	case z == nil:
	case !z.big:
		// Small sets come back whole in one call, as a listpack does.
		z.Range(0, false, func(_ int, e ZSetEntry) bool {
			if o.keep(e.Member) {
				items = append(items, e.Member, FormatFloat(e.Score))
			}
			return true
		})
	default:
		next = z.dict.Scan(cursor, o.count, func(m string, s *float64) {
			if o.keep(m) {
				items = append(items, m, FormatFloat(*s))
			}
		})
	}
	replyScan(c, next, items)
}
