package pmap

import (
	"fmt"
	"testing"
)

// sameShape reports where two tries differ in layout or content.
func sameShape[V comparable](a, b *node[V], path string) string {
	if (a == nil) != (b == nil) {
		return path + ": one side is nil"
	}
	if a == nil {
		return ""
	}
	if a.dataMap != b.dataMap || a.nodeMap != b.nodeMap || len(a.data) != len(b.data) || len(a.children) != len(b.children) {
		return fmt.Sprintf("%s: maps %x/%x vs %x/%x, %d/%d entries vs %d/%d", path,
			a.dataMap, a.nodeMap, b.dataMap, b.nodeMap, len(a.data), len(a.children), len(b.data), len(b.children))
	}
	for i := range a.data {
		if a.data[i] != b.data[i] {
			return fmt.Sprintf("%s: entry %d: %v vs %v", path, i, a.data[i], b.data[i])
		}
	}
	for i := range a.children {
		if d := sameShape(a.children[i], b.children[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// Build yields exactly the trie that inserting the keys one by one yields.
func TestBuildMatchesSet(t *testing.T) {
	for _, n := range []int{1, 2, 31, 33, 1000, 100000} {
		es := make([]Entry[int], n)
		var want Map[int]
		for i := range es {
			es[i] = Entry[int]{Key: fmt.Sprintf("k%d", i*7919), Val: i}
			want.Set(1, es[i].Key, i)
		}
		var got Map[int]
		if dup := got.Build(1, es); dup != -1 {
			t.Fatalf("n=%d: Build reported repeat at %d", n, dup)
		}
		if got.Len() != n {
			t.Fatalf("n=%d: Len %d", n, got.Len())
		}
		if d := sameShape(got.root, want.root, "root"); d != "" {
			t.Fatalf("n=%d: %s", n, d)
		}
	}
}

// A repeated key is reported by its later index, and the map stays empty.
func TestBuildReportsRepeat(t *testing.T) {
	es := []Entry[int]{{"a", 1}, {"b", 2}, {"c", 3}, {"b", 4}, {"d", 5}}
	var m Map[int]
	if dup := m.Build(1, es); dup != 3 {
		t.Fatalf("repeat at %d, want 3", dup)
	}
	if m.Len() != 0 || m.Get("a") != nil {
		t.Fatal("map not empty after a refused build")
	}
}

// A built map is an ordinary map: snapshots, writes and deletes behave.
func TestBuiltMapWorksAfterwards(t *testing.T) {
	es := make([]Entry[int], 5000)
	model := map[string]int{}
	for i := range es {
		es[i] = Entry[int]{fmt.Sprint(i), i}
		model[es[i].Key] = i
	}
	var m Map[int]
	m.Build(1, es)
	snap := m
	r := rng(t)
	for i := 0; i < 50000; i++ {
		k := fmt.Sprint(r.Intn(8000))
		if r.Intn(2) == 0 {
			m.Set(2, k, -i)
			model[k] = -i
		} else {
			m.Delete(2, k)
			delete(model, k)
		}
	}
	if m.Len() != len(model) {
		t.Fatalf("Len %d, model %d", m.Len(), len(model))
	}
	for k, v := range model {
		if p := m.Get(k); p == nil || *p != v {
			t.Fatalf("Get(%q) = %v, want %d", k, p, v)
		}
	}
	for i := range es {
		if p := snap.Get(es[i].Key); p == nil || *p != i {
			t.Fatalf("snapshot changed at %q", es[i].Key)
		}
	}
}

func BenchmarkBuild1M(b *testing.B) {
	es := make([]Entry[int], 1<<20)
	for i := range es {
		es[i] = Entry[int]{fmt.Sprintf("key:%012d", i), i}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m Map[int]
		m.Build(1, es)
	}
}

func BenchmarkSetOneByOne1M(b *testing.B) {
	es := make([]Entry[int], 1<<20)
	for i := range es {
		es[i] = Entry[int]{fmt.Sprintf("key:%012d", i), i}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m Map[int]
		for _, e := range es {
			m.Set(1, e.Key, e.Val)
		}
	}
}
