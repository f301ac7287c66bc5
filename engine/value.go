package engine

import (
	"strconv"
	"unsafe"
)

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
//
// Values are stored inline in the keyspace's trie nodes, so their size is
// paid per key: a string and an interface side by side made a Value 48
// bytes and an entry 64. One pointer serves both instead: the string's
// bytes (n >= 0 is its length) or a box holding the collection (n < 0).
// A box is never changed once stored: a snapshot may share it.
type Value struct {
	ptr  unsafe.Pointer
	n    int
	exp  int64  // absolute expiry in unix milliseconds; 0 means none
	lru  uint32 // access clock in seconds (LRU) for OBJECT IDLETIME
	freq uint8  // LFU counter for OBJECT FREQ
	raw  bool   // the string was modified in place (APPEND, SETRANGE, SETBIT)
}

type objBox struct{ o Object }

// StringValue returns a Value holding s.
func StringValue(s string) Value {
	var v Value
	v.setStr(s)
	return v
}

// rawStringValue is StringValue for a string built by a command that
// edits strings in place (OBJECT ENCODING says raw, as in Redis).
func rawStringValue(s string) Value {
	v := StringValue(s)
	v.raw = true
	return v
}

// ObjectValue returns a Value holding o.
func ObjectValue(o Object) Value {
	var v Value
	v.setObj(o)
	return v
}

// Type returns the value's type.
func (v *Value) Type() Type {
	if v.n >= 0 {
		return TypeString
	}
	return v.Obj().Type()
}

// Str returns the string value (empty for collections).
func (v *Value) Str() string {
	if v.n <= 0 {
		return ""
	}
	return unsafe.String((*byte)(v.ptr), v.n)
}

// Obj returns the collection, or nil for strings.
func (v *Value) Obj() Object {
	if v.n >= 0 {
		return nil
	}
	return (*objBox)(v.ptr).o
}

func (v *Value) setStr(s string) { v.ptr, v.n = unsafe.Pointer(unsafe.StringData(s)), len(s) }

// setObj stores o (nil makes the value an empty string). A new box is
// made only when o is not the collection already held: Own returns the
// same object when it may be changed in place.
func (v *Value) setObj(o Object) {
	switch {
	case o == nil:
		v.ptr, v.n = nil, 0
	case v.n < 0 && (*objBox)(v.ptr).o == o:
	default:
		v.ptr, v.n = unsafe.Pointer(&objBox{o}), -1
	}
}

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
	if o := v.Obj(); o != nil {
		return o.Encoding()
	}
	if !v.raw && v.n <= 20 {
		if s := v.Str(); canonicalInt(s) {
			return "int"
		}
	}
	if !v.raw && v.n <= 44 {
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
	n := int64(len(key)) + 48
	if o := v.Obj(); o != nil {
		return n + o.MemoryUsage()
	}
	return n + int64(v.n)
}
