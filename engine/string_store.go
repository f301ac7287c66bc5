package engine

import "math"

// Helpers shared by the string and bitmap commands.

// stringForWrite returns key's live string for a read-modify-write
// command. exists is false when the key is absent; ok is false (WRONGTYPE
// replied) when it holds a collection.
func (c *Ctx) stringForWrite(key string) (s string, exists, ok bool) {
	v := c.DB.LookupWrite(key)
	if v == nil {
		return "", false, true
	}
	if v.Obj() != nil {
		c.W.Error(ErrWrongType)
		return "", true, false
	}
	return v.Str(), true, true
}

// storeModified stores s under argument 1's key as a string changed in
// place (APPEND, SETRANGE, SETBIT): the expiry stays and OBJECT ENCODING
// reports "raw" from now on, as Redis's unshared sds does.
func (c *Ctx) storeModified(s string) {
	c.DB.SetKeepTTL(c.Key(1), rawStringValue(s))
}

// markRaw flags key's string as modified in place without changing its
// content (Redis unshares the value even when a SETBIT changes nothing).
func (c *Ctx) markRaw(key string) {
	if v := c.DB.LookupWrite(key); v != nil && v.Obj() == nil {
		v.raw = true
	}
}

// checkStringLength replies with Redis's error and returns false when a
// string of size+add bytes would pass proto-max-bulk-len. Replayed logs
// are not limited: what was accepted once is loaded again.
func (c *Ctx) checkStringLength(size, add int64) bool {
	if c.E.loading {
		return true
	}
	total := size + add
	if total > c.E.opts.Config.ProtoMaxBulkLen || total < size || total < add {
		c.W.Error(ErrStringTooLong)
		return false
	}
	return true
}

// Int32 parses argument i as an int within C's int range, replying with
// Redis's error (or msg, when not empty) otherwise.
func (c *Ctx) Int32(i int, msg string) (int, bool) {
	n, ok := ParseInt(c.Args[i])
	switch {
	case !ok && msg != "":
		c.W.Error(msg)
		return 0, false
	case !ok:
		c.W.Error(ErrNotInt)
		return 0, false
	case n < math.MinInt32 || n > math.MaxInt32:
		if msg == "" {
			msg = ErrRangeBetween(math.MinInt32, math.MaxInt32)
		}
		c.W.Error(msg)
		return 0, false
	}
	return int(n), true
}

// lookupNoTouch is Lookup that leaves the access time alone, as Redis's
// LOOKUP_NOTOUCH (TYPE, TTL, EXISTS, OBJECT).
func (c *Ctx) lookupNoTouch(key string) *Value {
	was := c.E.noTouch
	c.E.noTouch = true
	v := c.DB.Lookup(key)
	c.E.noTouch = was
	return v
}

// dbIndex parses argument i as a database number, replying with Redis's
// errors when it is not one or is out of range.
func (c *Ctx) dbIndex(i int) (*DB, bool) {
	id, ok := c.Int32(i, "")
	if !ok {
		return nil, false
	}
	if id < 0 || id >= len(c.E.dbs) {
		c.W.Error(ErrDBIndex)
		return nil, false
	}
	return c.E.dbs[id], true
}
