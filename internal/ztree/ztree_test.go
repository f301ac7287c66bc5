package ztree

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
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

func cmp(a, b Item) int {
	if Less(a, b) {
		return -1
	}
	if Less(b, a) {
		return 1
	}
	return 0
}

func check(t *testing.T, tr *Tree, model []Item, step int) {
	t.Helper()
	if tr.Len() != len(model) {
		t.Fatalf("step %d: len %d, model %d", step, tr.Len(), len(model))
	}
	i := 0
	tr.Range(0, false, func(r int, it Item) bool {
		if r != i || it != model[i] {
			t.Fatalf("step %d: item %d/%d = %v, model %v", step, r, i, it, model[i])
		}
		i++
		return true
	})
	if i != len(model) {
		t.Fatalf("step %d: visited %d", step, i)
	}
	i = len(model) - 1
	tr.Range(i, true, func(r int, it Item) bool {
		if r != i || it != model[i] {
			t.Fatalf("step %d: reverse %d/%d = %v, model %v", step, r, i, it, model[i])
		}
		i--
		return true
	})
}

func TestModel(t *testing.T) {
	r := rand.New(rand.NewPCG(seed(t), 2))
	var tr Tree
	var model []Item
	g := uint64(1)
	type snap struct {
		t Tree
		m []Item
	}
	var snaps []snap
	for step := 0; step < 30000; step++ {
		it := Item{float64(r.IntN(50)), fmt.Sprint(r.IntN(3000))}
		switch op := r.IntN(10); {
		case op < 5:
			i, found := slices.BinarySearchFunc(model, it, cmp)
			if found {
				continue
			}
			tr.Insert(g, it)
			model = slices.Insert(model, i, it)
		case op < 7:
			i, found := slices.BinarySearchFunc(model, it, cmp)
			if got := tr.Delete(g, it); got != found {
				t.Fatalf("step %d: Delete(%v) = %v", step, it, got)
			}
			if found {
				model = slices.Delete(model, i, i+1)
			}
		case op < 8 && len(model) > 0:
			i := r.IntN(len(model))
			if got := tr.DeleteAt(g, i); got != model[i] {
				t.Fatalf("step %d: DeleteAt(%d) = %v, want %v", step, i, got, model[i])
			}
			model = slices.Delete(model, i, i+1)
		case op == 8:
			snaps = append(snaps, snap{tr, slices.Clone(model)})
			g++
		default:
			i, _ := slices.BinarySearchFunc(model, it, cmp)
			if got := tr.Rank(it); got != i {
				t.Fatalf("step %d: Rank(%v) = %d, want %d", step, it, got, i)
			}
			if i < len(model) && tr.At(i) != model[i] {
				t.Fatalf("step %d: At(%d) = %v", step, i, tr.At(i))
			}
		}
		if step%1000 == 0 {
			check(t, &tr, model, step)
		}
	}
	check(t, &tr, model, -1)
	for i, s := range snaps {
		check(t, &s.t, s.m, -100-i)
	}
}

func TestWriteAfterSnapshotCopiesPath(t *testing.T) {
	var tr Tree
	for i := 0; i < 1_000_000; i++ {
		tr.Insert(1, Item{float64(i), "m"})
	}
	frozen := tr
	g := uint64(1)
	allocs := testing.AllocsPerRun(20, func() {
		g++
		tr.Insert(g, Item{500_000.5, "x"})
		tr.Delete(g, Item{500_000.5, "x"})
	})
	if allocs > 40 {
		t.Fatalf("allocs per insert+delete after snapshot = %v", allocs)
	}
	if frozen.Len() != 1_000_000 || frozen.At(500_001).Score != 500_001 {
		t.Fatal("snapshot changed")
	}
	t.Logf("allocs per insert+delete after snapshot: %v; tree bytes %d", allocs, tr.Bytes())
}
