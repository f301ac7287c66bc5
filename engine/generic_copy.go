package engine

func init() {
	Register(&Command{Name: "copy", Arity: -3, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "generic", Since: "6.2.0",
		Summary: "Copy a key", Run: copyCommand})
}

// copyCommand copies a key's value and expiry to another key, possibly in
// another database.
//
// A collection is not deep-copied: both keys share the persistent
// structure. That is only safe if neither side can change a shared node
// in place, and the writer changes in place every node owned by the
// current generation. So after sharing a collection COPY moves the writer
// to a new generation (as a snapshot does): every existing node is then
// frozen, and the first write through either key copies the path it
// changes. The cost is that of a snapshot: O(1) now, path copies later.
func copyCommand(c *Ctx) {
	dst, replace, ok := parseCopyOptions(c)
	if !ok {
		return
	}
	src, newKey := c.Str(1), c.Str(2)
	if dst == c.DB && src == newKey {
		c.W.Error(ErrSameObject)
		return
	}
	v := c.DB.Lookup(src)
	if v == nil {
		c.W.Int(0)
		return
	}
	val := *v
	if dst.LookupWrite(newKey) != nil {
		if !replace {
			c.W.Int(0)
			return
		}
		dst.delete(newKey)
	}
	if val.Obj() != nil {
		c.E.gen++
	}
	val.lru, val.freq = 0, 0
	dst.Set(c.Key(2), val)
	c.E.notify(dst.id, NotifyGeneric, "copy_to", newKey)
	c.Changed(1)
	c.W.Int(1)
}

// parseCopyOptions parses DB and REPLACE.
func parseCopyOptions(c *Ctx) (dst *DB, replace, ok bool) {
	dst = c.DB
	for i := 3; i < len(c.Args); i++ {
		switch {
		case c.Is(i, "REPLACE"):
			replace = true
		case c.Is(i, "DB") && i+1 < len(c.Args):
			i++
			if dst, ok = c.dbIndex(i); !ok {
				return nil, false, false
			}
		default:
			c.W.Error(ErrSyntax)
			return nil, false, false
		}
	}
	return dst, replace, true
}
