package hll

import (
	"bufio"
	"encoding/hex"
	"flag"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

var seedFlag = flag.Int64("seed", 0, "random seed (0: time based)")

func testSeed(t *testing.T) int64 {
	s := *seedFlag
	if s == 0 {
		s = time.Now().UnixNano()
	}
	t.Logf("seed %d (rerun with -seed %d)", s, s)
	return s
}

func elements(spec string) [][]byte {
	n, prefix, _ := strings.Cut(spec, ":")
	count, _ := strconv.Atoi(n)
	out := make([][]byte, count)
	for i := range out {
		out[i] = []byte(prefix + strconv.Itoa(i))
	}
	return out
}

func build(t *testing.T, spec string, sparseMax int) []byte {
	t.Helper()
	b := New()
	for _, e := range elements(spec) {
		var err error
		if b, _, err = Add(b, e, sparseMax); err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
	}
	InvalidateCache(b) // PFADD invalidates even when creating
	return b
}

// merge mirrors PFMERGE into a fresh destination.
func merge(t *testing.T, a, b []byte, sparseMax int) []byte {
	regs := make([]uint8, Registers)
	dense := false
	for _, src := range [][]byte{a, b} {
		dense = dense || !IsSparse(src)
		if err := Merge(regs, src); err != nil {
			t.Fatal(err)
		}
	}
	d := New()
	if dense {
		d, _ = ToDense(d)
	}
	for i, r := range regs {
		if r > 0 {
			d, _, _ = Set(d, i, r, sparseMax)
		}
	}
	InvalidateCache(d)
	return d
}

// TestGolden rebuilds every value recorded from redis-server 7.0.15 by
// scripts/hll-golden.py and requires the same bytes and estimate.
func TestGolden(t *testing.T) {
	f, err := os.Open("testdata/golden.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	cases := 0
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		smax, _ := strconv.Atoi(fs[1])
		var got []byte
		switch fs[0] {
		case "add":
			got = build(t, fs[2], smax)
		case "merge":
			got = merge(t, build(t, fs[2], smax), build(t, fs[3], smax), smax)
		}
		want, _ := hex.DecodeString(fs[len(fs)-1])
		card, _ := strconv.ParseUint(fs[len(fs)-2], 10, 64)
		if string(got) != string(want) {
			t.Errorf("%s: bytes differ (got %d bytes, want %d)", sc.Text()[:40], len(got), len(want))
			continue
		}
		if n, err := Count(got); err != nil || n != card {
			t.Errorf("%s: count %d, %v; want %d", strings.Join(fs[:len(fs)-1], " "), n, err, card)
		}
		cases++
	}
	if cases == 0 {
		t.Fatal("no golden cases")
	}
}

// TestSparseDenseAgree is a property test: a sparse value with a huge
// size limit and a dense value fed the same random elements hold the
// same registers, and ToDense of the sparse one equals the dense one.
func TestSparseDenseAgree(t *testing.T) {
	rnd := rand.New(rand.NewPCG(uint64(testSeed(t)), 1))
	for round := 0; round < 20; round++ {
		sparse := New()
		dense, _ := ToDense(New())
		n := rnd.IntN(3000)
		for i := 0; i < n; i++ {
			e := []byte(strconv.FormatUint(rnd.Uint64()%5000, 16))
			var c1, c2 bool
			sparse, c1, _ = Add(sparse, e, 1<<20)
			dense, c2, _ = Add(dense, e, 1<<20)
			if c1 != c2 {
				t.Fatalf("round %d: changed %v (sparse) vs %v (dense)", round, c1, c2)
			}
		}
		conv, err := ToDense(sparse)
		if err != nil {
			t.Fatal(err)
		}
		if string(conv[HeaderSize:]) != string(dense[HeaderSize:]) {
			t.Fatalf("round %d: registers differ", round)
		}
		c1, _ := Count(sparse)
		c2, _ := Count(dense)
		if c1 != c2 {
			t.Fatalf("round %d: count %d vs %d", round, c1, c2)
		}
	}
}

func TestCorruptSparse(t *testing.T) {
	b := build(t, "50:e", 3000)
	tail := append(append([]byte{}, b...), 0x01) // extra ZERO run
	if _, err := Count(tail); err != ErrCorrupt {
		t.Errorf("extra run: %v", err)
	}
	if _, err := ToDense(tail); err != ErrCorrupt {
		t.Errorf("extra run to dense: %v", err)
	}
	if Valid(append([]byte("HYLX"), b[4:]...)) {
		t.Error("bad magic accepted")
	}
	d, _ := ToDense(b)
	if Valid(d[:len(d)-1]) || !Valid(d) {
		t.Error("dense size check")
	}
}

func TestSelfTest(t *testing.T) {
	if err := SelfTest(3000, rand.New(rand.NewPCG(uint64(testSeed(t)), 2))); err != nil {
		t.Fatal(err)
	}
}

func TestDecode(t *testing.T) {
	if got := Decode(New()); got != "Z:16384" {
		t.Errorf("empty: %q", got)
	}
	b, _, _ := Set(New(), 0, 3, 3000)
	b, _, _ = Set(b, 1, 3, 3000)
	if got := Decode(b); got != "v:3,2 Z:16382" {
		t.Errorf("two: %q", got)
	}
}
