package lzf

import (
	"bytes"
	"flag"
	"math"
	"math/rand"
	"testing"
)

var seed = flag.Int64("seed", 1, "random seed for property tests")

// A stream built by hand from the format: literal "abc", then a short
// reference of length 6 at distance 3 (overlapping copy), then a long one.
func TestDecompressHandBuilt(t *testing.T) {
	src := []byte{
		2, 'a', 'b', 'c', // literal run of 3
		4<<5 | 0, 2, // length 4+2=6, distance 3
		7<<5 | 0, 1, 8, // length 7+1+2=10, distance 9
	}
	want := "abcabcabc" + "abcabcabca"
	dst := make([]byte, len(want))
	n, err := Decompress(dst, src)
	if err != nil || string(dst[:n]) != want {
		t.Fatalf("got %q, %v; want %q", dst[:n], err, want)
	}
}

func TestDecompressErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []byte
		size int
		want error
	}{
		{"literal cut", []byte{5, 'a'}, 10, ErrCorrupt},
		{"ref before start", []byte{0, 'a', 1 << 5, 5}, 10, ErrCorrupt},
		{"ref missing offset", []byte{0, 'a', 1 << 5}, 10, ErrCorrupt},
		{"long ref missing len", []byte{0, 'a', 7 << 5}, 10, ErrCorrupt},
		{"literal overflow", []byte{3, 'a', 'b', 'c', 'd'}, 3, ErrTooSmall},
		{"ref overflow", []byte{0, 'a', 1 << 5, 0}, 2, ErrTooSmall},
	} {
		_, err := Decompress(make([]byte, tc.size), tc.src)
		if err != tc.want {
			t.Errorf("%s: got %v want %v", tc.name, err, tc.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	t.Logf("seed %d", *seed)
	rng := rand.New(rand.NewSource(*seed))
	inputs := [][]byte{
		bytes.Repeat([]byte("a"), 21),
		bytes.Repeat([]byte("abcdefghij"), 1000),
		bytes.Repeat([]byte{0}, 70000),
	}
	for i := 0; i < 300; i++ {
		p := make([]byte, rng.Intn(20000))
		alpha := 1 + rng.Intn(255)
		for j := range p {
			p[j] = byte(rng.Intn(alpha))
		}
		inputs = append(inputs, p)
	}
	for _, in := range inputs {
		// Worst case: one control byte per 32 literal bytes.
		dst := make([]byte, len(in)+len(in)/32+1)
		n := Compress(dst, in)
		if n == 0 && len(in) > 0 {
			t.Fatalf("len %d: did not fit in the worst-case bound", len(in))
		}
		out := make([]byte, len(in))
		m, err := Decompress(out, dst[:n])
		if err != nil || m != len(in) || !bytes.Equal(out, in) {
			t.Fatalf("len %d: round trip failed (%v, %d)", len(in), err, m)
		}
	}
}

func TestCompressRespectsLimit(t *testing.T) {
	in := bytes.Repeat([]byte("xyz"), 100)
	full := make([]byte, 400)
	n := Compress(full, in)
	if n == 0 || Compress(make([]byte, n-1), in) != 0 {
		t.Fatalf("limit not respected (n=%d)", n)
	}
	if Compress(make([]byte, n), in) != n {
		t.Fatalf("exact-size buffer rejected")
	}
}

func FuzzLZF(f *testing.F) {
	f.Add([]byte{2, 'a', 'b', 'c', 4 << 5, 2}, uint16(100))
	f.Add([]byte("hello hello hello hello"), uint16(30))
	f.Fuzz(func(t *testing.T, src []byte, size uint16) {
		dst := make([]byte, size)
		n, err := Decompress(dst, src)
		if n > len(dst) {
			t.Fatalf("wrote past the buffer")
		}
		_ = err
		// Compressing then expanding any input must give it back.
		c := make([]byte, len(src)+len(src)/32+1)
		cn := Compress(c, src)
		back := make([]byte, len(src))
		m, err := Decompress(back, c[:cn])
		if err != nil || m != len(src) || !bytes.Equal(back, src) {
			t.Fatalf("round trip of %x failed: %v", src, err)
		}
	})
}

func BenchmarkCompress(b *testing.B) {
	in := bytes.Repeat([]byte("0123456789abcdef-pattern-"), 4000)
	dst := make([]byte, len(in))
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		Compress(dst, in)
	}
}

// A Compressor reuses its match table without clearing it: entries left by
// earlier inputs must never be taken as matches in a later one.
func TestCompressorReuse(t *testing.T) {
	rng := rand.New(rand.NewSource(*seed))
	var c Compressor
	// Force the base to wrap a few times within the test.
	c.base = math.MaxInt32 - 3*maxOffset
	for i := 0; i < 2000; i++ {
		in := make([]byte, rng.Intn(3000))
		alpha := 1 + rng.Intn(8)
		for j := range in {
			in[j] = byte(rng.Intn(alpha))
		}
		dst := make([]byte, len(in)+len(in)/32+1)
		n := c.Compress(dst, in)
		if want := Compress(make([]byte, len(dst)), in); n != want {
			t.Fatalf("input %d (len %d): reused table gave %d bytes, a fresh one %d", i, len(in), n, want)
		}
		out := make([]byte, len(in))
		m, err := Decompress(out, dst[:n])
		if err != nil || m != len(in) || !bytes.Equal(out, in) {
			t.Fatalf("input %d: round trip failed (%v, %d)", i, err, m)
		}
	}
}

func BenchmarkCompressorSmall(b *testing.B) {
	in := bytes.Repeat([]byte("field:1value:0000000001"), 20)
	dst := make([]byte, len(in))
	var c Compressor
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		c.Compress(dst, in)
	}
}

func BenchmarkCompressSmall(b *testing.B) {
	in := bytes.Repeat([]byte("field:1value:0000000001"), 20)
	dst := make([]byte, len(in))
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		Compress(dst, in)
	}
}
