package engine

import (
	"github.com/strata-db/strata/internal/pmap"
)

// fairWindow is how many neighbours randomEntry draws from, like the 15 keys
// Redis's dictGetFairRandomKey samples.
const fairWindow = 15

// exactSampleMax is the size up to which random draws materialize the
// collection and pick exactly uniformly.
const exactSampleMax = 1024

// randomEntry returns a random entry of a non-empty map. The trie holds no
// subtree counts, so it reads the run of up to fairWindow entries at a
// random position and picks one of them: each entry's chance follows the
// gap before its neighbourhood, which evens out much as Redis's bucket
// sampling does. Small maps are drawn from exactly.
func randomEntry[V any](m *pmap.Map[V]) (string, *V) {
	if m.Len() <= exactSampleMax {
		k := randIntN(m.Len())
		var key string
		var val *V
		m.Range(func(kk string, v *V) bool {
			if k == 0 {
				key, val = kk, v
				return false
			}
			k--
			return true
		})
		return key, val
	}
	var keys [fairWindow]string
	var vals [fairWindow]*V
	n := 0
	collect := func(k string, v *V) {
		if n < fairWindow {
			keys[n], vals[n] = k, v
			n++
		}
	}
	m.Scan(randUint64(), fairWindow, collect)
	if n == 0 {
		m.Scan(0, fairWindow, collect)
	}
	i := randIntN(n)
	return keys[i], vals[i]
}

// drawRandom emits count elements of a collection of n (> 0) elements, as
// SRANDMEMBER and HRANDFIELD choose them: with repeats when repeat is set,
// otherwise distinct ones (min(count, n) of them). all materializes the
// collection (the result may be reordered); one draws a single random
// element. Repeated draws stream, so a huge count costs no memory here.
func drawRandom[E comparable](n, count int, repeat bool, all func() []E, one func() E, emit func(E)) {
	if repeat {
		if n > exactSampleMax && count < n {
			for range count {
				emit(one())
			}
			return
		}
		elems := all()
		for range count {
			emit(elems[randIntN(n)])
		}
		return
	}
	if count >= n {
		for _, e := range all() {
			emit(e)
		}
		return
	}
	if n <= exactSampleMax || count*3 > n {
		// Partial Fisher-Yates: the first count slots become the sample.
		elems := all()
		for i := range count {
			j := i + randIntN(n-i)
			elems[i], elems[j] = elems[j], elems[i]
			emit(elems[i])
		}
		return
	}
	seen := make(map[E]struct{}, count)
	for len(seen) < count {
		e := one()
		if _, dup := seen[e]; !dup {
			seen[e] = struct{}{}
			emit(e)
		}
	}
}
