package plist

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
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

func check(t *testing.T, l *List, model [][]byte, step int) {
	t.Helper()
	if l.Len() != len(model) {
		t.Fatalf("step %d: len %d, model %d", step, l.Len(), len(model))
	}
	i := 0
	l.Range(0, false, func(j int, v []byte) bool {
		if j != i || !bytes.Equal(v, model[i]) {
			t.Fatalf("step %d: forward %d/%d = %q, model %q", step, j, i, v, model[i])
		}
		i++
		return true
	})
	if i != len(model) {
		t.Fatalf("step %d: forward visited %d of %d", step, i, len(model))
	}
	if len(model) > 0 {
		i = len(model) - 1
		l.Range(i, true, func(j int, v []byte) bool {
			if j != i || !bytes.Equal(v, model[i]) {
				t.Fatalf("step %d: reverse %d/%d = %q, model %q", step, j, i, v, model[i])
			}
			i--
			return true
		})
		if i != -1 {
			t.Fatalf("step %d: reverse stopped at %d", step, i)
		}
	}
}

func randElem(r *rand.Rand) []byte {
	n := r.IntN(40)
	if r.IntN(50) == 0 {
		n = r.IntN(3 * ChunkBytes)
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	return b
}

// snapshots are lists taken along a test, each with a copy of its model.
type snapshots []struct {
	l     List
	model [][]byte
}

func (s *snapshots) take(l List, model [][]byte) {
	*s = append(*s, struct {
		l     List
		model [][]byte
	}{l, append([][]byte(nil), model...)})
}

// check fails if any snapshot no longer matches its model.
func (s snapshots) check(t *testing.T) {
	t.Helper()
	for i := range s {
		check(t, &s[i].l, s[i].model, -100-i)
	}
}

// TestModel runs random operations against a slice model, taking
// snapshots along the way and checking they never change.
func TestModel(t *testing.T) {
	r := rand.New(rand.NewPCG(seed(t), 1))
	var l List
	var model [][]byte
	g := uint64(1)
	var snaps snapshots
	for step := 0; step < 20000; step++ {
		switch op := r.IntN(10); {
		case op < 4:
			i := r.IntN(len(model) + 1)
			if r.IntN(2) == 0 {
				i = len(model) * r.IntN(2)
			}
			v := randElem(r)
			l.Insert(g, i, v)
			model = append(model[:i], append([][]byte{v}, model[i:]...)...)
		case op < 6 && len(model) > 0:
			i := r.IntN(len(model))
			n := 1 + r.IntN(min(len(model)-i, 1+r.IntN(300)))
			l.Delete(g, i, n)
			model = append(model[:i:i], model[i+n:]...)
		case op < 8 && len(model) > 0:
			i := r.IntN(len(model))
			v := randElem(r)
			l.Set(g, i, v)
			model[i] = v
			if got := l.Get(i); !bytes.Equal(got, v) {
				t.Fatalf("step %d: Get(%d) after Set = %q", step, i, got)
			}
		case op == 8:
			snaps.take(l, model)
			g++
		default:
			if len(model) > 0 {
				i := r.IntN(len(model))
				if got := l.Get(i); !bytes.Equal(got, model[i]) {
					t.Fatalf("step %d: Get(%d) = %q, model %q", step, i, got, model[i])
				}
			}
		}
		if step%500 == 0 {
			check(t, &l, model, step)
		}
	}
	check(t, &l, model, -1)
	snaps.check(t)
}

func TestRangeFromMiddleAndStop(t *testing.T) {
	var l List
	for i := 0; i < 5000; i++ {
		l.PushBack(1, []byte(fmt.Sprint(i)))
	}
	var got []string
	l.Range(2500, true, func(i int, v []byte) bool {
		got = append(got, string(v))
		return len(got) < 3
	})
	if fmt.Sprint(got) != "[2500 2499 2498]" {
		t.Fatalf("reverse = %v", got)
	}
	if l.Chunks() < 2 {
		t.Fatalf("chunks = %d", l.Chunks())
	}
}

// TestWriteAfterSnapshotCopiesPath checks that one write to a big list
// after a snapshot allocates O(log n), not O(n).
func TestWriteAfterSnapshotCopiesPath(t *testing.T) {
	var l List
	for i := 0; i < 1_000_000; i++ {
		l.PushBack(1, []byte(fmt.Sprintf("element:%d", i)))
	}
	frozen := l
	g := uint64(2)
	allocs := testing.AllocsPerRun(20, func() {
		g++
		l.Set(g, 500_000, []byte("x"))
	})
	if allocs > 20 {
		t.Fatalf("allocs per write after snapshot = %v", allocs)
	}
	if string(frozen.Get(500_000)) != "element:500000" {
		t.Fatalf("snapshot changed: %q", frozen.Get(500_000))
	}
	t.Logf("allocs per write after snapshot: %v, list bytes %d", allocs, l.Bytes())
}

func BenchmarkPushBack(b *testing.B) {
	b.ReportAllocs()
	var l List
	v := []byte("element:123456")
	for i := 0; i < b.N; i++ {
		l.PushBack(1, v)
	}
}

func BenchmarkIndex(b *testing.B) {
	var l List
	for i := 0; i < 1_000_000; i++ {
		l.PushBack(1, []byte("element:123456"))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = l.Get(i % 1_000_000)
	}
}

// An entry decodes from either end for every size class of its header and
// back length.
func TestEntryDecodesFromBothEnds(t *testing.T) {
	for _, n := range []int{0, 1, 125, 126, 127, 128, 129, 16380, 16383, 16384, 20000, 2100000} {
		v := bytes.Repeat([]byte{'x'}, n)
		data := splice([]byte("pre"), 3, 3, v)
		data = append(data, "post"...)
		end := len(data) - 4
		if off := prev(data, end); off != 3 {
			t.Fatalf("n=%d: prev = %d, want 3", n, off)
		}
		got, next := entry(data, 3)
		if !bytes.Equal(got, v) || next != end {
			t.Fatalf("n=%d: entry = %d bytes, next %d (want %d)", n, len(got), next, end)
		}
	}
}

// A queue (push at the head, pop at the tail) agrees with a model, and the
// tail is found from the end of its chunk.
func TestQueuePattern(t *testing.T) {
	r := rand.New(rand.NewPCG(seed(t), 2))
	var l List
	var model [][]byte
	for step := 0; step < 50000; step++ {
		if r.IntN(3) > 0 || len(model) == 0 {
			v := randElem(r)
			l.PushFront(1, v)
			model = append([][]byte{v}, model...)
			continue
		}
		last := len(model) - 1
		if got := l.Get(last); !bytes.Equal(got, model[last]) {
			t.Fatalf("step %d: tail %q, model %q", step, got, model[last])
		}
		l.Delete(1, last, 1)
		model = model[:last]
	}
	check(t, &l, model, -1)
}

func BenchmarkTailPop(b *testing.B) { benchPop(b, func(l *List) int { return l.Len() - 1 }) }

func BenchmarkHeadPop(b *testing.B) { benchPop(b, func(*List) int { return 0 }) }

// benchPop reads and deletes the element at where(l), as LPOP and RPOP do,
// refilling the list with 100,000 3-byte elements when it runs low.
func benchPop(b *testing.B, where func(*List) int) {
	var l List
	v := []byte("xxx")
	for i := 0; i < b.N; i++ {
		if l.Len() < 1000 {
			for j := 0; j < 100000; j++ {
				l.PushBack(1, v)
			}
		}
		at := where(&l)
		_ = l.Get(at)
		l.Delete(1, at, 1)
	}
}

// The other queue (push at the tail, pop at the head, now and then a push
// back at the head) agrees with a model, and snapshots taken along the way
// keep their contents: a chunk whose head was cut off by reslicing is
// still copied before a later generation writes to it.
func TestHeadPopPattern(t *testing.T) {
	r := rand.New(rand.NewPCG(seed(t), 3))
	var l List
	var model [][]byte
	g := uint64(1)
	var snaps snapshots
	for step := 0; step < 50000; step++ {
		switch op := r.IntN(10); {
		case op < 5 || len(model) == 0:
			v := randElem(r)
			l.PushBack(g, v)
			model = append(model, v)
		case op < 8:
			if got := l.Get(0); !bytes.Equal(got, model[0]) {
				t.Fatalf("step %d: head %q, model %q", step, got, model[0])
			}
			n := 1 + r.IntN(min(len(model), 3))
			l.Delete(g, 0, n)
			model = model[n:]
		case op == 8:
			v := randElem(r)
			l.PushFront(g, v)
			model = append([][]byte{v}, model...)
		default:
			if r.IntN(50) == 0 {
				snaps.take(l, model)
				g++
			}
		}
	}
	check(t, &l, model, -1)
	snaps.check(t)
}
