package engine

import (
	"unsafe"

	"github.com/strata-db/strata/internal/hll"
)

// HyperLogLogs are plain strings in Redis's exact layout (internal/hll).
// Commands change a private copy of the bytes and store it back as a new
// string: the old one may be shared with a snapshot.

// hllLookup finds key's HyperLogLog for reading: s is "" and exists false
// when absent; ok false after a WRONGTYPE reply (another type, or a string
// that is not an HLL).
func hllLookup(c *Ctx, key string) (s string, exists, ok bool) {
	s, exists, ok = c.String(key)
	if !ok || !exists {
		return "", exists, ok
	}
	if !hll.Valid(s) {
		c.W.Error(ErrHLLNotValid)
		return "", true, false
	}
	return s, true, true
}

// hllWriteLookup finds key for a write: nil when absent; ok false after a
// WRONGTYPE reply.
func hllWriteLookup(c *Ctx, key string) (v *Value, ok bool) {
	v = c.DB.LookupWrite(key)
	if v == nil {
		return nil, true
	}
	if v.Obj() != nil {
		c.W.Error(ErrWrongType)
		return nil, false
	}
	if !hll.Valid(v.Str()) {
		c.W.Error(ErrHLLNotValid)
		return nil, false
	}
	return v, true
}

// hllStore stores b as key's new value, keeping its expiry. It takes b
// over without copying (a dense value is 12 KiB, and PFADD would copy it
// twice): REQUIRES b is a private copy that nobody changes afterwards.
func hllStore(c *Ctx, key string, b []byte) {
	s := unsafe.String(unsafe.SliceData(b), len(b))
	v := c.DB.LookupWrite(key)
	if v == nil {
		c.DB.Set(string([]byte(key)), StringValue(s))
		return
	}
	v.setStr(s)
	c.DB.Touched(key)
}
