package engine

import "strconv"

// Type is a Redis data type.
type Type uint8

const (
	TypeString Type = iota
	TypeList
	TypeSet
	TypeZSet
	TypeHash
	TypeStream
)

var typeNames = [...]string{"string", "list", "set", "zset", "hash", "stream"}

func (t Type) String() string { return typeNames[t] }

// ParseType maps a TYPE name ("string", "zset", ...) to a Type.
func ParseType(name string) (Type, bool) {
	for i, n := range typeNames {
		if n == name {
			return Type(i), true
		}
	}
	return 0, false
}

// Object is a collection value. Implementations are persistent structures
// owned by generation (see package doc): they must never change a node whose
// generation differs from the one they are handed.
type Object interface {
	Type() Type
	// Encoding is what OBJECT ENCODING answers for this value.
	Encoding() string
	// Len is the number of elements.
	Len() int
	// Own returns the object itself when generation g owns it, otherwise a
	// shallow copy (header only) owned by g that shares all nodes.
	Own(g uint64) Object
	// MemoryUsage estimates the bytes the value occupies.
	MemoryUsage() int64
}

// Value is what the keyspace stores under a key: a string or a collection,
// an optional absolute expiry, and access metadata.
type Value struct {
	str  string // the string value, when obj is nil
	obj  Object
	exp  int64  // absolute expiry in unix milliseconds; 0 means none
	lru  uint32 // access clock in seconds (LRU) for OBJECT IDLETIME
	freq uint8  // LFU counter for OBJECT FREQ
	raw  bool   // the string was modified in place (APPEND, SETRANGE, SETBIT)
}

// StringValue returns a Value holding s.
func StringValue(s string) Value { return Value{str: s} }

// ObjectValue returns a Value holding o.
func ObjectValue(o Object) Value { return Value{obj: o} }

// Type returns the value's type.
func (v *Value) Type() Type {
	if v.obj == nil {
		return TypeString
	}
	return v.obj.Type()
}

// Str returns the string value (empty for collections).
func (v *Value) Str() string { return v.str }

// Obj returns the collection, or nil for strings.
func (v *Value) Obj() Object { return v.obj }

// ExpireAt returns the absolute expiry in unix ms, 0 for none.
func (v *Value) ExpireAt() int64 { return v.exp }

// SetExpireAt sets the absolute expiry in unix ms (0 removes it). Only for
// values not yet stored, or reached through a write lookup.
func (v *Value) SetExpireAt(ms int64) { v.exp = ms }

// LRU returns the access clock in seconds.
func (v *Value) LRU() uint32 { return v.lru }

// Freq returns the LFU counter.
func (v *Value) Freq() uint8 { return v.freq }

// SetAccess sets the access metadata (used by loaders: RDB IDLE/FREQ).
func (v *Value) SetAccess(lru uint32, freq uint8) { v.lru, v.freq = lru, freq }

// Encoding is what OBJECT ENCODING answers.
func (v *Value) Encoding() string {
	if v.obj != nil {
		return v.obj.Encoding()
	}
	if !v.raw && len(v.str) <= 20 {
		if _, err := strconv.ParseInt(v.str, 10, 64); err == nil && canonicalInt(v.str) {
			return "int"
		}
	}
	if !v.raw && len(v.str) <= 44 {
		return "embstr"
	}
	return "raw"
}

// canonicalInt reports whether s is the canonical text of an int64, as
// Redis requires before storing a string as an integer.
func canonicalInt(s string) bool {
	n, err := strconv.ParseInt(s, 10, 64)
	return err == nil && strconv.FormatInt(n, 10) == s
}

// MemoryUsage estimates the value's size in bytes including the key.
func (v *Value) MemoryUsage(key string) int64 {
	n := int64(len(key)) + 64
	if v.obj != nil {
		return n + v.obj.MemoryUsage()
	}
	return n + int64(len(v.str))
}
