package engine

func init() {
	Register(&Command{Name: "hscan", Arity: -3, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "hash", Since: "2.8.0",
		Summary: "Incrementally iterate hash fields and associated values", Run: hscanCommand})
}

// hscanCommand returns a small hash whole with cursor 0, as Redis does for
// listpacks; the map form scans by trie position (see pmap.Map.Scan), so a
// cursor survives any growth or shrinking between calls.
func hscanCommand(c *Ctx) {
	cursor, ok := parseScanCursor(c, 2)
	if !ok {
		return
	}
	h, ok := c.readHash(c.Str(1))
	if !ok {
		return
	}
	if h == nil {
		replyScan(c, 0, nil)
		return
	}
	o, ok := parseScanOptions(c, 3)
	if !ok {
		return
	}
	var items []string
	add := func(f, v string) {
		if o.keep(f) {
			items = append(items, f, v)
		}
	}
	if h.ht == nil {
		h.Range(func(f, v string) bool { add(f, v); return true })
		replyScan(c, 0, items)
		return
	}
	next := h.ht.Scan(cursor, o.count, func(f string, v *string) { add(f, *v) })
	replyScan(c, next, items)
}
