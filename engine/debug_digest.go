package engine

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"hash"
)

// Digester is implemented by collections that can feed a content digest
// of themselves to h (for DEBUG DIGEST and DEBUG DIGEST-VALUE). The digest
// must depend only on content, not on encoding or insertion history: for
// unordered collections, combine per-element hashes order-independently.
type Digester interface {
	Digest(h hash.Hash)
}

// emptyDigest is what Redis answers for an empty dataset or absent key.
const emptyDigest = "0000000000000000000000000000000000000000"

// Digest returns a SHA-1 content digest of every database, 40 hex digits,
// as DEBUG DIGEST. It covers keys, types, values and expiries (logically
// expired keys not yet reclaimed included, as in Redis) and is independent
// of iteration order. An empty dataset digests to 40 zeros. The value is
// ours, not Redis's byte for byte. REQUIRES: the lock.
func (e *Engine) Digest() string {
	var final [sha1.Size]byte
	mixed := false
	for _, db := range e.dbs {
		if db.Len() == 0 {
			continue
		}
		var acc [sha1.Size]byte
		db.Range(func(key string, v *Value) bool {
			xorDigest(&acc, keyDigest(key, v))
			return true
		})
		h := sha1.New()
		h.Write(final[:])
		binary.Write(h, binary.BigEndian, uint32(db.id))
		h.Write(acc[:])
		copy(final[:], h.Sum(nil))
		mixed = true
	}
	if !mixed {
		return emptyDigest
	}
	return hex.EncodeToString(final[:])
}

// DigestValue returns, for each key of database db, a digest of its value
// alone (type and content, not the name or expiry), or 40 zeros for an
// absent key, as DEBUG DIGEST-VALUE. REQUIRES: the lock.
func (e *Engine) DigestValue(db int, keys ...string) []string {
	out := make([]string, len(keys))
	for i, key := range keys {
		v := e.dbs[db].Peek(key)
		if v == nil {
			out[i] = emptyDigest
			continue
		}
		h := sha1.New()
		valueDigest(h, v)
		out[i] = hex.EncodeToString(h.Sum(nil))
	}
	return out
}

func keyDigest(key string, v *Value) []byte {
	h := sha1.New()
	binary.Write(h, binary.BigEndian, uint32(len(key)))
	h.Write([]byte(key))
	valueDigest(h, v)
	binary.Write(h, binary.BigEndian, v.exp)
	return h.Sum(nil)
}

// valueDigest writes v's type and content to h. A collection that is not
// a Digester contributes only its encoding and length.
func valueDigest(h hash.Hash, v *Value) {
	h.Write([]byte{byte(v.Type())})
	switch d := v.Obj().(type) {
	case nil:
		binary.Write(h, binary.BigEndian, uint64(len(v.Str())))
		h.Write([]byte(v.Str()))
	case Digester:
		d.Digest(h)
	default:
		h.Write([]byte(d.Encoding()))
		binary.Write(h, binary.BigEndian, uint64(d.Len()))
	}
}

func xorDigest(acc *[sha1.Size]byte, b []byte) {
	for i := range acc {
		acc[i] ^= b[i]
	}
}
