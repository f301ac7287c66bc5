package engine

// String returns key's live string value. exists is false when the key is
// absent; ok is false (and WRONGTYPE has been replied) when it holds
// another type.
func (c *Ctx) String(key string) (s string, exists, ok bool) {
	v := c.DB.Lookup(key)
	if v == nil {
		return "", false, true
	}
	if v.Obj() != nil {
		c.W.Error(ErrWrongType)
		return "", true, false
	}
	return v.Str(), true, true
}

// Object returns key's live collection if it has type t. v is nil when the
// key is absent; ok is false (WRONGTYPE replied) for another type.
func (c *Ctx) Object(key string, t Type) (o Object, ok bool) {
	v := c.DB.Lookup(key)
	if v == nil {
		return nil, true
	}
	if v.Type() != t {
		c.W.Error(ErrWrongType)
		return nil, false
	}
	return v.Obj(), true
}

// MutableObject returns key's collection of type t ready to change in
// place (owned by the current generation), nil when absent; ok is false
// (WRONGTYPE replied) for another type.
func (c *Ctx) MutableObject(key string, t Type) (o Object, ok bool) {
	v := c.DB.LookupWrite(key)
	if v == nil {
		return nil, true
	}
	if v.Type() != t {
		c.W.Error(ErrWrongType)
		return nil, false
	}
	v.setObj(v.Obj().Own(c.E.gen))
	c.DB.Touched(key)
	return v.Obj(), true
}
