package engine

// readSet returns key's live set for reading; nil when absent. ok is false
// (WRONGTYPE replied) when the key holds another type.
func (c *Ctx) readSet(key string) (s *Set, ok bool) {
	o, ok := c.Object(key, TypeSet)
	if o == nil {
		return nil, ok
	}
	return o.(*Set), true
}

// writeSet returns key's set owned by the writer, ready to change; nil when
// absent. ok is false after a WRONGTYPE reply. It does not signal WATCH:
// commands do that when they change something.
func (c *Ctx) writeSet(key string) (s *Set, ok bool) {
	v := c.DB.LookupWrite(key)
	if v == nil {
		return nil, true
	}
	if v.Type() != TypeSet {
		c.W.Error(ErrWrongType)
		return nil, false
	}
	s = v.Obj().(*Set).own(c.Gen())
	v.setObj(s)
	return s, true
}
