package engine

import "strings"

// sortLookup resolves a BY or GET pattern for element subst as Redis's
// lookupKeyByPattern does: "#" is the element itself; otherwise the first
// '*' is replaced by the element to name a key, and "key->field" (with a
// non-empty field after the '*') reads a hash field instead of a string.
// A pattern without '*', a missing key or a key of the wrong type gives
// nothing.
func sortLookup(c *Ctx, pattern, subst string) (string, bool) {
	if pattern == "#" {
		return subst, true
	}
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return "", false
	}
	rest, field := pattern[star+1:], ""
	if arrow := strings.Index(rest, "->"); arrow >= 0 && arrow+2 < len(rest) {
		rest, field = rest[:arrow], rest[arrow+2:]
	}
	v := c.DB.Lookup(pattern[:star] + subst + rest)
	if v == nil {
		return "", false
	}
	if field == "" {
		if v.Obj() != nil {
			return "", false
		}
		return v.Str(), true
	}
	h, ok := v.Obj().(*Hash)
	if !ok {
		return "", false
	}
	return h.Get(field)
}
