package xstream

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

var seedFlag = flag.Uint64("seed", 0, "random seed for property tests (0: time based)")

func seed(t *testing.T) uint64 {
	s := *seedFlag
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -seed %d)", s, s)
	return s
}

// TestTreeAgainstModel drives a Tree and a sorted slice with the same
// random operations, taking snapshots (copies) and bumping the
// generation, and checks every view: snapshots must never change.
func TestTreeAgainstModel(t *testing.T) {
	r := rand.New(rand.NewPCG(seed(t), 1))
	var tr Tree[int]
	model := map[ID]int{}
	type snap struct {
		t Tree[int]
		m map[ID]int
	}
	var snaps []snap
	g := uint64(1)
	for step := 0; step < 20000; step++ {
		id := ID{Ms: uint64(r.IntN(300)), Seq: uint64(r.IntN(3))}
		switch r.IntN(10) {
		case 0, 1, 2:
			if tr.Delete(g, id) != (model[id] != 0) {
				t.Fatalf("step %d: delete %v disagrees", step, id)
			}
			delete(model, id)
		case 3:
			snaps = append(snaps, snap{tr, cloneMap(model)})
			g++
		default:
			v := step + 1
			tr.Set(g, id, v)
			model[id] = v
		}
		if step%50 == 0 {
			checkTree(t, &tr, model, step)
		}
	}
	checkTree(t, &tr, model, -1)
	for i := range snaps {
		checkTree(t, &snaps[i].t, snaps[i].m, -2-i)
	}
}

func cloneMap(m map[ID]int) map[ID]int {
	c := make(map[ID]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func checkTree(t *testing.T, tr *Tree[int], model map[ID]int, step int) {
	t.Helper()
	keys := make([]ID, 0, len(model))
	for k := range model {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	if tr.Len() != len(keys) {
		t.Fatalf("step %d: len %d, model %d", step, tr.Len(), len(keys))
	}
	i := 0
	tr.Ascend(ID{}, func(id ID, v int) bool {
		if id != keys[i] || v != model[id] {
			t.Fatalf("step %d: ascend %d = %v/%d, model %v/%d", step, i, id, v, keys[i], model[keys[i]])
		}
		i++
		return true
	})
	from := ID{Ms: 150, Seq: 1}
	j := sort.Search(len(keys), func(i int) bool { return from.Less(keys[i]) }) - 1
	tr.Descend(from, func(id ID, _ int) bool {
		if j < 0 || id != keys[j] {
			t.Fatalf("step %d: descend from %v got %v", step, from, id)
		}
		j--
		return true
	})
	if j != -1 {
		t.Fatalf("step %d: descend stopped early at %d", step, j)
	}
	id, v, ok := tr.Max()
	if ok != (len(keys) > 0) || (ok && (id != keys[len(keys)-1] || v != model[id])) {
		t.Fatalf("step %d: max %v/%d/%v, model has %d keys", step, id, v, ok, len(keys))
	}
}

// TestEntriesAgainstModel checks appends, deletes, front trims and ranges
// against a slice of entries, across generations and snapshots.
func TestEntriesAgainstModel(t *testing.T) {
	r := rand.New(rand.NewPCG(seed(t), 2))
	lim := Limits{MaxBytes: 200, MaxEntries: 7}
	var s Entries
	var model []Entry
	g := uint64(1)
	next := ID{Ms: 1}
	var snapS []Entries
	var snapM [][]Entry
	for step := 0; step < 5000; step++ {
		switch op := r.IntN(20); {
		case op < 10:
			f := randFields(r)
			s.Append(g, lim, next, f)
			model = append(model, Entry{ID: next, Fields: f})
			next = ID{Ms: next.Ms + uint64(r.IntN(3)), Seq: next.Seq + 1}
		case op < 14 && len(model) > 0:
			i := r.IntN(len(model))
			if !s.Delete(g, model[i].ID) {
				t.Fatalf("step %d: delete %v failed", step, model[i].ID)
			}
			model = append(model[:i:i], model[i+1:]...)
		case op < 15:
			maxLen := r.IntN(len(model) + 1)
			approx := r.IntN(2) == 0
			n := s.TrimFront(g, approx, 0, func(left int, _ ID) bool { return left < maxLen })
			if !approx && len(model)-n != min(len(model), maxLen) {
				t.Fatalf("step %d: exact trim to %d left %d", step, maxLen, len(model)-n)
			}
			model = model[n:]
		case op < 16:
			snapS, snapM = append(snapS, s), append(snapM, append([]Entry(nil), model...))
			g++
		default:
			checkRange(t, &s, model, r, step)
		}
	}
	for i := range snapS {
		checkRange(t, &snapS[i], snapM[i], r, -1-i)
	}
}

func randFields(r *rand.Rand) [][]byte {
	names := [][]byte{[]byte("a"), []byte("bb"), []byte("")}
	n := 1 + r.IntN(2)
	if r.IntN(3) > 0 {
		n = 1 // mostly the same single field, as real streams
	}
	var f [][]byte
	for i := 0; i < n; i++ {
		f = append(f, names[r.IntN(len(names))], bytes.Repeat([]byte{byte('x' + i)}, r.IntN(40)))
	}
	if n == 1 && r.IntN(3) > 0 {
		f[0] = names[0]
	}
	return f
}

func checkRange(t *testing.T, s *Entries, model []Entry, r *rand.Rand, step int) {
	t.Helper()
	if s.Len() != len(model) {
		t.Fatalf("step %d: len %d, model %d", step, s.Len(), len(model))
	}
	from := ID{Ms: uint64(r.IntN(200))}
	to := ID{Ms: from.Ms + uint64(r.IntN(100)), Seq: ^uint64(0)}
	var want []Entry
	for _, e := range model {
		if !e.ID.Less(from) && !to.Less(e.ID) {
			want = append(want, e)
		}
	}
	for _, rev := range []bool{false, true} {
		var got []Entry
		s.Range(from, to, rev, func(e Entry) bool { got = append(got, e); return true })
		if rev {
			for i, j := 0, len(got)-1; i < j; i, j = i+1, j-1 {
				got[i], got[j] = got[j], got[i]
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("step %d: range %v..%v rev=%v\ngot  %v\nwant %v", step, from, to, rev, got, want)
		}
	}
}
