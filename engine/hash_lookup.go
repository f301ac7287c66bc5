package engine

// readHash returns key's live hash for reading; nil when absent. ok is
// false (WRONGTYPE replied) when the key holds another type.
func (c *Ctx) readHash(key string) (h *Hash, ok bool) {
	o, ok := c.Object(key, TypeHash)
	if o == nil {
		return nil, ok
	}
	return o.(*Hash), true
}

// writeHash returns key's hash owned by the writer, ready to change. When
// the key is absent it returns a new empty hash that the caller must store
// with storeNew once it holds data (created is true). ok is false after a
// WRONGTYPE reply. Unlike Ctx.MutableObject it does not signal WATCH:
// commands do that only when they change something.
func (c *Ctx) writeHash(key string) (h *Hash, created, ok bool) {
	v := c.DB.LookupWrite(key)
	if v == nil {
		return &Hash{gen: c.Gen()}, true, true
	}
	if v.Type() != TypeHash {
		c.W.Error(ErrWrongType)
		return nil, false, false
	}
	h = v.Obj().(*Hash).own(c.Gen())
	v.setObj(h)
	return h, false, true
}

// storeOrTouch stores a collection created by the command under argument i
// (which signals WATCH), or signals WATCH for a changed existing one.
func (c *Ctx) storeOrTouch(i int, o Object, created bool) {
	if created {
		c.DB.Set(c.Key(i), ObjectValue(o))
		return
	}
	c.DB.Touched(c.Str(i))
}

// deleteIfEmpty removes key when its collection o has no elements left, as
// Redis deletes emptied collections, and raises "del". It reports whether
// the key was removed.
func (c *Ctx) deleteIfEmpty(key string, o Object) bool {
	if o.Len() > 0 {
		return false
	}
	c.DB.Delete(key)
	return true
}
