package engine

func init() {
	Register(
		&Command{Name: "del", Arity: -2, Flags: FlagWrite, FirstKey: 1, LastKey: -1, KeyStep: 1,
			Group: "generic", Since: "1.0.0", Summary: "Delete a key", Run: delCommand},
		&Command{Name: "unlink", Arity: -2, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: -1, KeyStep: 1,
			Group: "generic", Since: "4.0.0", Summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", Run: delCommand},
	)
}

func delCommand(c *Ctx) {
	n := 0
	unlink := c.Cmd.Name == "unlink"
	for i := 1; i < len(c.Args); i++ {
		key := c.Str(i)
		if unlink {
			if v := c.DB.Peek(key); v != nil && freeEffort(v) > lazyfreeThreshold && !c.DB.Expired(v) {
				c.E.stats.LazyfreedObjects++
			}
		}
		if c.DB.Delete(key) {
			c.Notify(NotifyGeneric, "del", key)
			n++
		}
	}
	c.Changed(n)
	c.W.Int(int64(n))
}

// lazyfreeThreshold is Redis's LAZYFREE_THRESHOLD: a value whose freeing
// costs more is freed by its background thread (and counted in INFO's
// lazyfreed_objects). Strata frees by collecting garbage either way; the
// count keeps Redis's meaning.
const lazyfreeThreshold = 64

// freeEffort is Redis's lazyfreeGetFreeEffort: about how many allocations
// freeing v releases.
func freeEffort(v *Value) int {
	switch o := v.Obj().(type) {
	case nil:
		return 1
	case *List:
		return o.Chunks()
	case *Stream:
		return o.entries.Chunks() + len(o.groups)
	}
	switch v.Obj().Encoding() {
	case "listpack", "intset", "ziplist":
		return 1
	}
	return v.Obj().Len()
}
