package rdb

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"testing"
)

var seed = flag.Int64("seed", 1, "random seed for property tests")

func readFixture(t testing.TB, name string) []byte {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// cutPoints returns every offset for small files and an even spread plus
// random points for big ones.
func cutPoints(n int, rng *rand.Rand) []int {
	if n <= 4096 {
		pts := make([]int, n)
		for i := range pts {
			pts[i] = i
		}
		return pts
	}
	var pts []int
	for i := 0; i < n; i += n / 300 {
		pts = append(pts, i)
	}
	for i := 0; i < 100; i++ {
		pts = append(pts, rng.Intn(n))
	}
	return append(pts, n-1, n-8, n-9)
}

func TestTruncatedFixtures(t *testing.T) {
	t.Logf("seed %d", *seed)
	rng := rand.New(rand.NewSource(*seed))
	for _, name := range fixtureNames(t) {
		data := readFixture(t, name)
		for _, k := range cutPoints(len(data), rng) {
			_, _, err := decodeBytes(data[:k], Options{})
			var te *truncatedError
			if !errors.Is(err, ErrTruncated) || !errors.As(err, &te) {
				t.Fatalf("%s cut at %d: got %v, want ErrTruncated", name, k, err)
			}
			if te.offset != int64(k) {
				t.Fatalf("%s cut at %d: reported offset %d", name, k, te.offset)
			}
		}
	}
}

func TestFlippedBytesFixtures(t *testing.T) {
	t.Logf("seed %d", *seed)
	rng := rand.New(rand.NewSource(*seed))
	for _, name := range fixtureNames(t) {
		data := readFixture(t, name)
		_, d, _ := decodeBytes(data, Options{})
		checked := d.Checksum != 0
		for _, k := range cutPoints(len(data), rng) {
			bad := bytes.Clone(data)
			bad[k] ^= byte(1 << rng.Intn(8))
			_, _, err := decodeBytes(bad, Options{})
			var ce *CorruptionError
			switch {
			case errors.As(err, &ce):
				if ce.Offset < 0 || ce.Offset > int64(len(data)) {
					t.Fatalf("%s flip at %d: offset %d out of the file", name, k, ce.Offset)
				}
				if ce.Offset > int64(k) && !errors.Is(err, ErrChecksum) {
					// Damage is found at or after the flipped byte, never before.
					continue
				}
			case err == nil && checked:
				t.Fatalf("%s flip at %d: accepted despite the checksum", name, k)
			case err != nil && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrUnsupported):
				t.Fatalf("%s flip at %d: unexpected error %v", name, k, err)
			}
		}
	}
}

// A file with a known defect at a known place.
func TestCorruptionCases(t *testing.T) {
	base := func(body ...byte) []byte {
		return append([]byte("REDIS0010"), body...)
	}
	withCRC := func(p []byte) []byte {
		var buf bytes.Buffer
		e := NewEncoder(&buf, EncoderOptions{})
		e.out.writeRaw(p)
		e.Close()
		return buf.Bytes()
	}
	listpack := func(entries ...byte) []byte {
		n := 6 + len(entries) + 1
		p := []byte{byte(n), 0, 0, 0, 2, 0}
		return append(append(p, entries...), 0xFF)
	}
	hashLP := func(lp []byte) []byte {
		return withCRC(base(append([]byte{byte(TypeHashListpack), 1, 'h', byte(len(lp))}, lp...)...))
	}
	for _, tc := range []struct {
		name   string
		file   []byte
		offset int64
		want   error
	}{
		{"signature", []byte("REDIX0010\xff"), 0, nil},
		{"unknown type", withCRC(base(30)), 9, nil},
		{"length encoding", withCRC(base(byte(TypeString), 0x82)), 10, nil},
		{"string encoding", withCRC(base(byte(TypeString), 0xC5)), 10, nil},
		{"listpack backlen", hashLP(listpack(0x81, 'a', 3, 0x81, 'b', 2)), 21, nil},
		{"listpack count", hashLP(listpack(0x81, 'a', 2)), 17, nil},
		{"duplicate field", hashLP([]byte{17, 0, 0, 0, 4, 0, 0x81, 'a', 2, 1, 1, 0x81, 'a', 2, 2, 1, 0xFF}), 24, nil},
		{"quicklist container", withCRC(base(byte(TypeListQuicklist2), 1, 'l', 1, 3)), 13, nil},
		{"NaN score", withCRC(base(byte(TypeZSet), 1, 'z', 1, 1, 'm', 253)), 13, nil},
		{"checksum", append(base(0xFF), 1, 2, 3, 4, 5, 6, 7, 8), 10, ErrChecksum},
		{"module", withCRC(base(byte(TypeModule2), 1, 'm')), -1, ErrUnsupported},
		{"version 12", []byte("REDIS0012\xff"), -1, ErrUnsupported},
	} {
		_, _, err := decodeBytes(tc.file, Options{})
		var ce *CorruptionError
		if tc.offset < 0 {
			if !errors.Is(err, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
			}
			continue
		}
		if !errors.As(err, &ce) || ce.Offset != tc.offset || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: got %v, want corruption at %d", tc.name, err, tc.offset)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range fixtureNames(f) {
		data := readFixture(f, name)
		if len(data) < 4096 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, _, err := decodeBytes(data, Options{SkipChecksum: true})
		// The string fast path must see what Key sees and fail the same way.
		c := &stringCollector{got: map[string]string{}}
		serr := NewDecoder(bytes.NewReader(data), Options{SkipChecksum: true}).Decode(c)
		if fmt.Sprint(serr) != fmt.Sprint(err) {
			t.Fatalf("StringHandler: error %v, Key: %v", serr, err)
		}
		strs := map[string]string{}
		for _, r := range out.recs {
			if s, ok := r.Value.(string); ok {
				c.calls--
				strs[fmt.Sprintf("%d/%s", r.DB, r.Key)] = s
			}
		}
		if c.calls != 0 || !maps.Equal(strs, c.got) {
			t.Fatalf("StringHandler got %v (%d calls more), Key %v", c.got, c.calls, strs)
		}
		if err == nil {
			return
		}
		var ce *CorruptionError
		if !errors.As(err, &ce) && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrUnsupported) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}
