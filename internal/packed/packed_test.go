package packed

import (
	"flag"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

var seed = flag.Uint64("seed", 0, "random seed (0: time-based)")

func rng(t *testing.T) *rand.Rand {
	s := *seed
	if s == 0 {
		s = rand.Uint64()
	}
	t.Logf("seed %d (rerun with -seed %d)", s, s)
	return rand.New(rand.NewPCG(s, s))
}

func contents(p Strings) []string {
	var out []string
	p.Range(func(s string) bool { out = append(out, s); return true })
	return out
}

func TestStringsAgainstSlice(t *testing.T) {
	r := rng(t)
	var p Strings
	var model []string
	for op := 0; op < 5000; op++ {
		s := strconv.Itoa(r.IntN(50))
		if r.IntN(20) == 0 {
			s = string(make([]byte, r.IntN(300))) // multi-byte varint lengths
		}
		i := -1
		for k, m := range model {
			if m == s {
				i = k
				break
			}
		}
		switch r.IntN(3) {
		case 0:
			p = p.Append(s)
			model = append(model, s)
		case 1:
			if i >= 0 {
				idx, off := p.Find(s, 1)
				if idx != i {
					t.Fatalf("Find(%q) = %d, want %d", s, idx, i)
				}
				p = p.Edit(idx, off, 1)
				model = slices.Delete(model, i, i+1)
			}
		case 2:
			if i >= 0 {
				_, off := p.Find(s, 1)
				p = p.Edit(i, off, 1, "x", s)
				model = slices.Insert(slices.Delete(model, i, i+1), i, "x", s)
			}
		}
		if p.Len() != len(model) || !slices.Equal(contents(p), model) {
			t.Fatalf("op %d: got %q, want %q", op, contents(p), model)
		}
		if len(model) > 0 && p.At(len(model)-1) != model[len(model)-1] {
			t.Fatalf("At mismatch")
		}
	}
}

func TestStringsFindStep(t *testing.T) {
	p := Build([]string{"a", "b", "b", "a"})
	if i, _ := p.Find("a", 2); i != 0 {
		t.Fatalf("Find a = %d", i)
	}
	if i, _ := p.Find("b", 2); i != 2 {
		t.Fatalf("Find b step 2 = %d, want 2 (values at odd indexes skipped)", i)
	}
	if i, _ := p.Find("z", 1); i != -1 {
		t.Fatalf("Find z = %d", i)
	}
}

func TestIntsAgainstModel(t *testing.T) {
	r := rng(t)
	var p Ints
	model := map[int64]bool{}
	pick := func() int64 {
		switch r.IntN(4) {
		case 0:
			return int64(r.IntN(100)) - 50
		case 1:
			return int64(r.Int32())
		case 2:
			return []int64{math.MinInt64, math.MaxInt64, math.MinInt16, math.MaxInt32}[r.IntN(4)]
		}
		return int64(r.Uint64())
	}
	for op := 0; op < 5000; op++ {
		v := pick()
		var ok bool
		if r.IntN(3) == 0 {
			p, ok = p.Remove(v)
			if ok != model[v] {
				t.Fatalf("Remove(%d) = %v", v, ok)
			}
			delete(model, v)
		} else {
			p, ok = p.Add(v)
			if ok == model[v] {
				t.Fatalf("Add(%d) = %v", v, ok)
			}
			model[v] = true
		}
		if p.Len() != len(model) {
			t.Fatalf("Len = %d, want %d", p.Len(), len(model))
		}
		prev, first := int64(0), true
		p.Range(func(x int64) bool {
			if !model[x] || (!first && x <= prev) {
				t.Fatalf("member %d out of order or unknown", x)
			}
			prev, first = x, false
			return true
		})
		if !p.Contains(v) == model[v] {
			t.Fatalf("Contains(%d) wrong", v)
		}
	}
}

func TestIntsWidthAndIntsetLayout(t *testing.T) {
	var p Ints
	p, _ = p.Add(5)
	p, _ = p.Add(-3)
	if len(p) != 1+2*2 {
		t.Fatalf("int16 members take %d bytes", len(p))
	}
	want := []byte{2, 0, 0, 0, 2, 0, 0, 0, 0xfd, 0xff, 5, 0}
	if got := p.AppendIntset(nil); !slices.Equal(got, want) {
		t.Fatalf("intset = %v, want %v", got, want)
	}
	p, _ = p.Add(1 << 40)
	if p.width() != 8 || p.At(0) != -3 || p.At(2) != 1<<40 {
		t.Fatalf("upgrade: width %d members %d %d", p.width(), p.At(0), p.At(2))
	}
}

// BenchmarkEditReplace replaces the value of a one-field hash's packed
// list, as HSET of an existing field does.
func BenchmarkEditReplace(b *testing.B) {
	p := Build([]string{"element:000000000000", "xxx"})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		j, off := p.Find("element:000000000000", 2)
		p = p.Edit(j, off, 2, "element:000000000000", "yyy")
	}
}

// OverwriteAt replaces an element of the same length in place and refuses
// any other length, leaving p unchanged.
func TestOverwriteAt(t *testing.T) {
	p := Build([]string{"field", "old", "other", "value"})
	_, off := p.Next(p.first())
	if p.OverwriteAt(off, "long one") || p.OverwriteAt(off, "ab") {
		t.Fatal("overwrote with a different length")
	}
	if got := p.At(1); got != "old" {
		t.Fatalf("after refused overwrites: %q", got)
	}
	kept := p.At(1)
	if !p.OverwriteAt(off, "new") {
		t.Fatal("same length refused")
	}
	want := []string{"field", "new", "other", "value"}
	for i, w := range want {
		if got := p.At(i); got != w {
			t.Errorf("element %d = %q, want %q", i, got, w)
		}
	}
	if kept != "new" {
		t.Errorf("a string taken before sees %q: the overwrite was not in place", kept)
	}
}
