package engine

import (
	"crypto/sha1"
	"encoding/binary"
	"hash"
	"strings"

	"github.com/strata-db/strata/internal/packed"
	"github.com/strata-db/strata/internal/pmap"
)

// Hash is a hash value. A small hash is one immutable packed string of
// alternating fields and values in insertion order (OBJECT ENCODING
// "listpack"); once it passes hash-max-listpack-entries or a field or value
// passes hash-max-listpack-value it becomes a persistent map of field to
// value ("hashtable") and, as in Redis, never goes back.
//
// Ownership: the header belongs to generation gen (see Object.Own). A
// packed form shared with another header (own's copy, hence snapshots and
// COPY) is never changed: a change builds a new one. One that this header
// built and alone holds (lpMine) takes a value of the same length in
// place, as Redis's listpack does: a session's last-seen time or a
// counter of fixed width is rewritten without an allocation. The map form
// copies only the trie nodes on the changed path.
type Hash struct {
	gen    uint64
	lp     packed.Strings    // field, value, field, value...; used when ht is nil
	ht     *pmap.Map[string] // field -> value; nil while small
	lpMine bool              // lp was built for this header and is shared with no other
}

// NewHash returns an empty hash in the small encoding. Fill it with
// SetField (loaders) or let commands do it.
func NewHash() *Hash { return &Hash{} }

// NewHashFromPairs builds a hash as a loader (RDB, AOF rewrite) needs it,
// with the encoding Redis would give the same fields: listpack while within
// cfg's thresholds. g is the engine's generation (Engine.Gen) or 0.
func NewHashFromPairs(g uint64, cfg *Config, fields, values []string) *Hash {
	h := &Hash{gen: g}
	for i := range fields {
		h.SetField(g, cfg, fields[i], values[i])
	}
	return h
}

// Type implements Object.
func (h *Hash) Type() Type { return TypeHash }

// Encoding implements Object.
func (h *Hash) Encoding() string {
	if h.ht != nil {
		return "hashtable"
	}
	return "listpack"
}

// IsListpack reports whether the hash uses the small encoding.
func (h *Hash) IsListpack() bool { return h.ht == nil }

// Len implements Object: the number of fields.
func (h *Hash) Len() int {
	if h.ht != nil {
		return h.ht.Len()
	}
	return h.lp.Len() / 2
}

// Own implements Object.
func (h *Hash) Own(g uint64) Object { return h.own(g) }

func (h *Hash) own(g uint64) *Hash {
	if h.gen == g {
		return h
	}
	// NB: the copy shares lp with the frozen h, so it is not lpMine.
	c := &Hash{gen: g, lp: h.lp}
	if h.ht != nil {
		m := *h.ht
		c.ht = &m
	}
	return c
}

// Get returns field's value. The string aliases the hash: it is valid
// until the next write to h (SetField overwrites a value of the same
// length in place), so a caller that keeps it past its command copies it.
func (h *Hash) Get(field string) (string, bool) {
	if h.ht != nil {
		v := h.ht.Get(field)
		if v == nil {
			return "", false
		}
		return *v, true
	}
	i, off := h.lp.Find(field, 2)
	if i < 0 {
		return "", false
	}
	_, off = h.lp.Next(off)
	v, _ := h.lp.Next(off)
	return v, true
}

// Range calls fn for every field and value until fn returns false: in
// insertion order for the small encoding, trie order otherwise. The
// strings are valid until the next write to h (see Get).
func (h *Hash) Range(fn func(field, value string) bool) {
	if h.ht != nil {
		h.ht.Range(func(k string, v *string) bool { return fn(k, *v) })
		return
	}
	var field string
	odd := false
	h.lp.Range(func(s string) bool {
		if odd = !odd; odd {
			field = s
			return true
		}
		return fn(field, s)
	})
}

// SetField stores field = value as HSET does, converting the encoding when
// a threshold of cfg is passed, and reports whether the field is new. The
// strings may alias request buffers: they are copied when stored.
// REQUIRES: h owned by g.
func (h *Hash) SetField(g uint64, cfg *Config, field, value string) (added bool) {
	if h.ht == nil && (int64(len(field)) > cfg.HashMaxListpackValue ||
		int64(len(value)) > cfg.HashMaxListpackValue) {
		h.convert(g)
	}
	if h.ht != nil {
		if v := h.ht.Mut(g, field); v != nil {
			*v = strings.Clone(value)
			return false
		}
		h.ht.Set(g, strings.Clone(field), strings.Clone(value))
		return true
	}
	if i, off := h.lp.Find(field, 2); i >= 0 {
		if _, voff := h.lp.Next(off); h.lpMine && h.lp.OverwriteAt(voff, value) {
			return false
		}
		h.lp, h.lpMine = h.lp.Edit(i, off, 2, field, value), true
		return false
	}
	h.lp, h.lpMine = h.lp.Append(field, value), true
	if int64(h.lp.Len()/2) > cfg.HashMaxListpackEntries {
		h.convert(g)
	}
	return true
}

// DeleteField removes field and reports whether it was there.
// REQUIRES: h owned by g.
func (h *Hash) DeleteField(g uint64, field string) bool {
	if h.ht != nil {
		_, ok := h.ht.Delete(g, field)
		return ok
	}
	i, off := h.lp.Find(field, 2)
	if i < 0 {
		return false
	}
	h.lp, h.lpMine = h.lp.Edit(i, off, 2), true
	return true
}

// tryConversion converts a small hash when one of the strings about to be
// stored is longer than hash-max-listpack-value, before any is stored, as
// Redis's hashTypeTryConversion does.
func (h *Hash) tryConversion(g uint64, cfg *Config, args [][]byte) {
	if h.ht != nil {
		return
	}
	for _, a := range args {
		if int64(len(a)) > cfg.HashMaxListpackValue {
			h.convert(g)
			return
		}
	}
}

func (h *Hash) convert(g uint64) {
	m := &pmap.Map[string]{}
	h.Range(func(f, v string) bool {
		m.Set(g, strings.Clone(f), strings.Clone(v))
		return true
	})
	h.ht, h.lp = m, ""
}

// pairs materializes the fields and values (strings valid as Range's).
func (h *Hash) pairs() [][2]string {
	out := make([][2]string, 0, h.Len())
	h.Range(func(f, v string) bool {
		out = append(out, [2]string{f, v})
		return true
	})
	return out
}

// randomPair returns a random field and value of a non-empty hash.
func (h *Hash) randomPair() [2]string {
	if h.ht != nil {
		k, v := randomEntry(h.ht)
		return [2]string{k, *v}
	}
	i := randIntN(h.Len())
	return [2]string{h.lp.At(2 * i), h.lp.At(2*i + 1)}
}

// MemoryUsage implements Object. Like MEMORY USAGE it estimates the map
// form from a few sampled entries.
func (h *Hash) MemoryUsage() int64 {
	n := int64(32)
	if h.ht == nil {
		return n + int64(h.lp.Bytes())
	}
	var sum, k int64
	h.ht.Range(func(f string, v *string) bool {
		sum += int64(len(f)+len(*v)) + 32 + 32 // entry slot, two string headers' storage
		k++
		return k < 5
	})
	if k == 0 {
		return n
	}
	return n + sum*int64(h.Len())/k
}

// Digest writes an order-independent digest of the hash to d: the XOR of
// SHA-1(len(field), field, value) over all fields, in the spirit of Redis's
// DEBUG DIGEST mixing.
func (h *Hash) Digest(d hash.Hash) {
	var acc [sha1.Size]byte
	h.Range(func(f, v string) bool {
		s := sha1.New()
		s.Write(binary.BigEndian.AppendUint32(nil, uint32(len(f))))
		s.Write([]byte(f))
		s.Write([]byte(v))
		xorInto(&acc, s.Sum(nil))
		return true
	})
	d.Write(acc[:])
}

func xorInto(acc *[sha1.Size]byte, b []byte) {
	for i := range acc {
		acc[i] ^= b[i]
	}
}
