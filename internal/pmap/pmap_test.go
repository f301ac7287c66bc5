package pmap

import (
	"flag"
	"fmt"
	"math/rand"
	"testing"
	"unsafe"
)

var seedFlag = flag.Int64("seed", 0, "random seed (0: time-based)")

func rng(t testing.TB) *rand.Rand {
	s := *seedFlag
	if s == 0 {
		s = rand.Int63()
	}
	t.Logf("seed %d", s)
	return rand.New(rand.NewSource(s))
}

func TestAgainstGoMap(t *testing.T) {
	r := rng(t)
	var m Map[int]
	model := map[string]int{}
	for i := 0; i < 200000; i++ {
		k := fmt.Sprint(r.Intn(5000))
		switch r.Intn(3) {
		case 0, 1:
			_, had := model[k]
			if added := m.Set(1, k, i); added == had {
				t.Fatalf("Set(%q) added=%v, model had=%v", k, added, had)
			}
			model[k] = i
		case 2:
			old, ok := m.Delete(1, k)
			mv, had := model[k]
			if ok != had || (ok && old != mv) {
				t.Fatalf("Delete(%q) = %v,%v; model %v,%v", k, old, ok, mv, had)
			}
			delete(model, k)
		}
		if m.Len() != len(model) {
			t.Fatalf("Len %d, model %d", m.Len(), len(model))
		}
	}
	for k, v := range model {
		if p := m.Get(k); p == nil || *p != v {
			t.Fatalf("Get(%q) = %v, want %d", k, p, v)
		}
	}
	n := 0
	m.Range(func(k string, v *int) bool { n++; return model[k] == *v })
	if n != len(model) {
		t.Fatalf("Range visited %d of %d", n, len(model))
	}
}

// A snapshot must not observe any write made after it was taken.
func TestSnapshotIsFrozen(t *testing.T) {
	r := rng(t)
	var m Map[int]
	gen := uint64(1)
	for i := 0; i < 50000; i++ {
		m.Set(gen, fmt.Sprint(i), i)
	}
	snap := m // O(1): a struct copy
	gen++     // the writer moves on to a new generation
	for i := 0; i < 300000; i++ {
		k := fmt.Sprint(r.Intn(100000))
		switch r.Intn(3) {
		case 0:
			m.Delete(gen, k)
		case 1:
			if p := m.Mut(gen, k); p != nil {
				*p = -1
			}
		default:
			m.Set(gen, k, -2)
		}
	}
	if snap.Len() != 50000 {
		t.Fatalf("snapshot Len = %d", snap.Len())
	}
	seen := 0
	snap.Range(func(k string, v *int) bool {
		if fmt.Sprint(*v) != k {
			t.Fatalf("snapshot changed: %q -> %d", k, *v)
		}
		seen++
		return true
	})
	if seen != 50000 {
		t.Fatalf("snapshot has %d entries", seen)
	}
}

// Every key present for a whole SCAN is returned, however the map grows.
func TestScanSurvivesGrowth(t *testing.T) {
	r := rng(t)
	var m Map[int]
	for i := 0; i < 1000; i++ {
		m.Set(1, fmt.Sprint("k", i), i)
	}
	seen := map[string]int{}
	cursor, extra := uint64(0), 0
	for {
		cursor = m.Scan(cursor, 1+r.Intn(20), func(k string, _ *int) { seen[k]++ })
		for j := 0; j < 50; j++ {
			m.Set(1, fmt.Sprint("new", extra), 0)
			extra++
		}
		if cursor == 0 {
			break
		}
	}
	for i := 0; i < 1000; i++ {
		k := fmt.Sprint("k", i)
		if seen[k] != 1 {
			t.Fatalf("key %s returned %d times", k, seen[k])
		}
	}
}

func TestPositionOrderMatchesWalk(t *testing.T) {
	var m Map[int]
	for i := 0; i < 10000; i++ {
		m.Set(1, fmt.Sprint(i), i)
	}
	var last uint64
	first := true
	m.Range(func(k string, _ *int) bool {
		p := Position(Hash(k))
		if !first && p <= last {
			t.Fatalf("walk out of position order at %q", k)
		}
		first, last = false, p
		return true
	})
}

func BenchmarkSet(b *testing.B) {
	keys := make([]string, 1<<20)
	for i := range keys {
		keys[i] = fmt.Sprintf("key:%012d", i)
	}
	var m Map[int]
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m.Set(1, keys[i&(1<<20-1)], i)
	}
}

func BenchmarkGet(b *testing.B) {
	keys := make([]string, 1<<20)
	var m Map[int]
	for i := range keys {
		keys[i] = fmt.Sprintf("key:%012d", i)
		m.Set(1, keys[i], i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if m.Get(keys[i&(1<<20-1)]) == nil {
			b.Fatal("missing")
		}
	}
}

func TestRandomReachesEveryKeyOfASmallMap(t *testing.T) {
	r := rng(t)
	var m Map[int]
	m.Set(1, "foo", 1)
	m.Set(1, "bar", 2)
	seen := map[string]int{}
	for i := 0; i < 200; i++ {
		k, _, ok := m.Random(r.Intn)
		if !ok {
			t.Fatal("no key from a non-empty map")
		}
		seen[k]++
	}
	if seen["foo"] < 50 || seen["bar"] < 50 {
		t.Fatalf("picks = %v, want both keys about half the time", seen)
	}
}

// SetBorrowed copies a new key and allocates nothing to overwrite one.
func TestSetBorrowed(t *testing.T) {
	var m Map[int]
	buf := []byte("session:1")
	if !m.SetBorrowed(1, unsafe.String(&buf[0], len(buf)), 1) {
		t.Fatal("new key not reported as added")
	}
	copy(buf, "xxxxxxxxx")
	if v := m.Get("session:1"); v == nil || *v != 1 {
		t.Fatal("the stored key changed with the caller's buffer")
	}
	copy(buf, "session:1")
	key := unsafe.String(&buf[0], len(buf))
	if n := testing.AllocsPerRun(100, func() { m.SetBorrowed(1, key, 2) }); n != 0 {
		t.Fatalf("overwrite: %.0f allocations", n)
	}
	if v := m.Get("session:1"); *v != 2 || m.Len() != 1 {
		t.Fatal("overwrite lost")
	}
}
