package engine

import (
	"crypto/sha1"
	"hash"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/packed"
	"github.com/strata-db/strata/internal/pmap"
)

// Set is a set value. While every member is the canonical text of an int64
// and there are at most set-max-intset-entries of them, it is one immutable
// packed sorted array (OBJECT ENCODING "intset"); otherwise a persistent
// map of members ("hashtable"). Redis 7.0 has no listpack sets. Adding a
// member never turns a hashtable back into an intset; only commands that
// build a new set (the STORE forms, SPOP's rebuild) start over from intset,
// as in Redis.
//
// Ownership: the header belongs to generation gen (see Object.Own); the
// intset is immutable and the map copies only the changed path.
type Set struct {
	gen uint64
	is  packed.Ints
	ht  *pmap.Map[struct{}]
}

// NewSet returns an empty set in the encoding Redis would pick for a set
// whose first member is first: intset when it is an integer.
func NewSet(g uint64, first string) *Set {
	s := &Set{gen: g}
	if _, ok := ParseInt([]byte(first)); !ok {
		s.ht = &pmap.Map[struct{}]{}
	}
	return s
}

// NewSetFromMembers builds a set as a loader (RDB, AOF rewrite) needs it,
// with the encoding Redis would give the same members. g is the engine's
// generation (Engine.Gen) or 0.
func NewSetFromMembers(g uint64, cfg *Config, members []string) *Set {
	s := &Set{gen: g}
	for _, m := range members {
		s.AddMember(g, cfg, m)
	}
	return s
}

// Type implements Object.
func (s *Set) Type() Type { return TypeSet }

// Encoding implements Object.
func (s *Set) Encoding() string {
	if s.ht != nil {
		return "hashtable"
	}
	return "intset"
}

// IsIntset reports whether the set uses the intset encoding.
func (s *Set) IsIntset() bool { return s.ht == nil }

// AppendIntset appends the members in Redis's intset layout (for the RDB
// encoder). REQUIRES: IsIntset.
func (s *Set) AppendIntset(dst []byte) []byte { return s.is.AppendIntset(dst) }

// Len implements Object.
func (s *Set) Len() int {
	if s.ht != nil {
		return s.ht.Len()
	}
	return s.is.Len()
}

// Own implements Object.
func (s *Set) Own(g uint64) Object { return s.own(g) }

func (s *Set) own(g uint64) *Set {
	if s.gen == g {
		return s
	}
	c := &Set{gen: g, is: s.is}
	if s.ht != nil {
		m := *s.ht
		c.ht = &m
	}
	return c
}

// Contains reports whether m is a member.
func (s *Set) Contains(m string) bool {
	if s.ht != nil {
		return s.ht.Get(m) != nil
	}
	v, ok := ParseInt([]byte(m))
	return ok && s.is.Contains(v)
}

// Range calls fn with every member until fn returns false: ascending for
// an intset, trie order otherwise. The strings may be kept.
func (s *Set) Range(fn func(m string) bool) {
	if s.ht != nil {
		s.ht.Range(func(k string, _ *struct{}) bool { return fn(k) })
		return
	}
	s.is.Range(func(v int64) bool { return fn(strconv.FormatInt(v, 10)) })
}

// AddMember adds m as SADD does, converting to a hashtable when m is not
// an integer or the intset grows past set-max-intset-entries, and reports
// whether m is new. m may alias a request buffer. REQUIRES: s owned by g.
func (s *Set) AddMember(g uint64, cfg *Config, m string) bool {
	if s.ht == nil {
		v, ok := ParseInt([]byte(m))
		if ok {
			var added bool
			s.is, added = s.is.Add(v)
			if added && int64(s.is.Len()) > min(cfg.SetMaxIntsetEntries, 1<<30) {
				s.convert(g)
			}
			return added
		}
		s.convert(g)
	}
	if s.ht.Get(m) != nil {
		return false
	}
	s.ht.Set(g, strings.Clone(m), struct{}{})
	return true
}

// RemoveMember removes m and reports whether it was a member.
// REQUIRES: s owned by g.
func (s *Set) RemoveMember(g uint64, m string) bool {
	if s.ht != nil {
		_, ok := s.ht.Delete(g, m)
		return ok
	}
	v, ok := ParseInt([]byte(m))
	if !ok {
		return false
	}
	s.is, ok = s.is.Remove(v)
	return ok
}

func (s *Set) convert(g uint64) {
	m := &pmap.Map[struct{}]{}
	s.is.Range(func(v int64) bool {
		m.Set(g, strconv.FormatInt(v, 10), struct{}{})
		return true
	})
	s.ht, s.is = m, ""
}

// members materializes the members (strings may be kept).
func (s *Set) members() []string {
	out := make([]string, 0, s.Len())
	s.Range(func(m string) bool {
		out = append(out, m)
		return true
	})
	return out
}

// randomMember returns a random member of a non-empty set.
func (s *Set) randomMember() string {
	if s.ht != nil {
		k, _ := randomEntry(s.ht)
		return k
	}
	return strconv.FormatInt(s.is.At(randIntN(s.is.Len())), 10)
}

// MemoryUsage implements Object, sampling the map form as MEMORY USAGE
// does.
func (s *Set) MemoryUsage() int64 {
	n := int64(32)
	if s.ht == nil {
		return n + int64(s.is.Bytes())
	}
	var sum, k int64
	s.ht.Range(func(m string, _ *struct{}) bool {
		sum += int64(len(m)) + 16 + 16 // entry slot and string storage
		k++
		return k < 5
	})
	if k == 0 {
		return n
	}
	return n + sum*int64(s.Len())/k
}

// Digest writes an order-independent digest of the members to d: the XOR
// of their SHA-1 sums, like Redis's DEBUG DIGEST mixing for sets.
func (s *Set) Digest(d hash.Hash) {
	var acc [sha1.Size]byte
	s.Range(func(m string) bool {
		sum := sha1.Sum([]byte(m))
		xorInto(&acc, sum[:])
		return true
	})
	d.Write(acc[:])
}
