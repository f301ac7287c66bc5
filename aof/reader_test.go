package aof

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/strata-db/strata/engine"
)

// readItems reads data to its end and returns the items and the final error
// (io.EOF for a clean end).
func readItems(data []byte) ([]Item, error) {
	r := NewReader(bytes.NewReader(data), "f")
	var items []Item
	for {
		it, err := r.Next()
		if err != nil {
			return items, err
		}
		items = append(items, it)
	}
}

func cmd(args ...string) []byte {
	b := make([][]byte, len(args))
	for i, a := range args {
		b[i] = []byte(a)
	}
	return engine.AppendCommand(nil, b...)
}

func TestReaderFixturesReadCleanly(t *testing.T) {
	for _, name := range []string{"preamble/appendonlydir/appendonly.aof.2.incr.aof",
		"multi-incr/appendonlydir/appendonly.aof.3.incr.aof",
		"resp-base/appendonlydir/appendonly.aof.2.base.aof",
		"resp-base/appendonlydir/appendonly.aof.2.incr.aof"} {
		data := testdata(t, name)
		items, err := readItems(data)
		if err != io.EOF {
			t.Fatalf("%s: %v", name, err)
		}
		if items[len(items)-1].End != int64(len(data)) || items[0].Offset != 0 {
			t.Fatalf("%s: offsets %d..%d of %d", name, items[0].Offset, items[len(items)-1].End, len(data))
		}
		for i := 1; i < len(items); i++ {
			if items[i].Offset != items[i-1].End {
				t.Fatalf("%s: gap between items %d and %d", name, i-1, i)
			}
		}
	}
}

func TestReaderTimestamps(t *testing.T) {
	items, err := readItems(testdata(t, "resp-base/appendonlydir/appendonly.aof.2.incr.aof"))
	if err != io.EOF {
		t.Fatal(err)
	}
	var ts []int64
	for _, it := range items {
		if it.Kind == KindTimestamp {
			ts = append(ts, it.TS)
		}
	}
	if len(ts) < 2 || ts[0] < 1_600_000_000 {
		t.Fatalf("timestamps %v", ts)
	}
}

func TestReaderTruncatedTailFixture(t *testing.T) {
	data := testdata(t, "truncated-tail/appendonlydir/appendonly.aof.2.incr.aof")
	full := testdata(t, "preamble/appendonlydir/appendonly.aof.2.incr.aof")
	items, err := readItems(data)
	var torn *TornTailError
	if !errors.As(err, &torn) || torn.Zeros || torn.Size != 1698 {
		t.Fatalf("got %v", err)
	}
	// The cut is at the last command boundary before byte 1698 of the
	// original file, and everything before it reads the same.
	if torn.Offset != items[len(items)-1].End || !bytes.Equal(data[:torn.Offset], full[:torn.Offset]) {
		t.Fatalf("torn at %d", torn.Offset)
	}
}

func TestReaderCorruptMiddleFixture(t *testing.T) {
	_, err := readItems(testdata(t, "corrupt-middle/appendonlydir/appendonly.aof.2.incr.aof"))
	var ce *CorruptionError
	if !errors.As(err, &ce) || ce.Offset != 520 || ce.LastValid != 520 || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v", err)
	}
}

func TestReaderTails(t *testing.T) {
	valid := append(cmd("SET", "k", "v"), cmd("DEL", "k")...)
	zeros := make([]byte, 700)
	cases := []struct {
		name  string
		tail  []byte
		kind  string // eof, torn, zeros, blank (nothing but zeros), corrupt
		valid int64
	}{
		{"clean", nil, "eof", int64(len(valid))},
		{"cut command", cmd("SET", "a", "b")[:9], "torn", int64(len(valid))},
		{"cut header", []byte("*3\r"), "torn", int64(len(valid))},
		{"cut annotation", []byte("#TS:17"), "torn", int64(len(valid))},
		{"zero tail", zeros, "blank", int64(len(valid))},
		{"cut command then zeros", append(cmd("SET", "a", "bbbb")[:17], zeros...), "zeros", int64(len(valid))},
		{"zeros then data", append(append([]byte{}, zeros...), cmd("PING")...), "corrupt", int64(len(valid))},
		{"garbage", []byte("+OK\r\n"), "corrupt", int64(len(valid))},
		{"bad length", []byte("*1\r\n$x\r\n"), "corrupt", int64(len(valid))},
		{"no CRLF after payload", []byte("*1\r\n$4\r\nPINGxx"), "corrupt", int64(len(valid))},
		{"empty command", []byte("*0\r\n"), "corrupt", int64(len(valid))},
		{"negative count", []byte("*-1\r\n"), "corrupt", int64(len(valid))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readItems(append(append([]byte{}, valid...), c.tail...))
			var torn *TornTailError
			var ce *CorruptionError
			switch {
			case c.kind == "eof" && err == io.EOF:
			case (c.kind == "torn" || c.kind == "zeros" || c.kind == "blank") && errors.As(err, &torn):
				if torn.Offset != c.valid || torn.Zeros != (c.kind != "torn") || torn.Blank != (c.kind == "blank") {
					t.Fatalf("torn %+v", torn)
				}
			case c.kind == "corrupt" && errors.As(err, &ce):
				if ce.LastValid != c.valid {
					t.Fatalf("corruption %+v", ce)
				}
			default:
				t.Fatalf("got %v, want %s", err, c.kind)
			}
		})
	}
}

// TestFileReaderHoles: read from a file, a command cut where NUL bytes
// run to the end of the page, followed by anything, is a torn write (the
// pages after it reached the disk, the ones in between did not); NULs that
// stop before the page ends are corruption.
func TestFileReaderHoles(t *testing.T) {
	valid := append(cmd("SET", "k", "v"), cmd("DEL", "k")...)
	page := func(b []byte) []byte { // NULs from len(b) to the next page end
		return append(b, make([]byte, pageSize-len(b)%pageSize)...)
	}
	cut := cmd("SET", "a", strings.Repeat("x", 100))[:30]
	binary := cmd("SET", "z", string(make([]byte, 2*pageSize)))
	cases := []struct {
		name string
		data []byte
		kind string
	}{
		{"zeros to page end then data", append(page(append([]byte{}, valid...)), cmd("PING")...), "zeros"},
		{"zeros to the end (blank)", append(append([]byte{}, valid...), make([]byte, 200<<10)...), "blank"},
		{"zeros to the end but one byte", append(append(append([]byte{}, valid...), make([]byte, 200<<10)...), 'x'), "zeros"}, // a hole, not blank
		{"cut command, zeros to page end, data", append(page(append(append([]byte{}, valid...), cut...)), cmd("PING")...), "zeros"},
		{"cut inside the bulk header", append(page(append(append([]byte{}, valid...), "*3\r\n$3\r\nSET\r\n$1"...)), "garbage"...), "zeros"},
		{"hole at a page boundary", append(page(page(append([]byte{}, valid...))), cmd("PING")...), "zeros"},
		{"zeros stop before the page end", append(append(append([]byte{}, valid...), make([]byte, 100)...), cmd("PING")...), "corrupt"},
		{"garbage then a hole", append(page(append(append([]byte{}, valid...), "+OK\r\n"...)), cmd("PING")...), "corrupt"},
		{"NUL payload is data", append(append(append([]byte{}, valid...), binary...), cmd("PING")...), "eof"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := NewFileReader(bytes.NewReader(c.data), int64(len(c.data)), "f")
			var err error
			for err == nil {
				_, err = r.Next()
			}
			var torn *TornTailError
			var ce *CorruptionError
			switch {
			case c.kind == "eof" && err == io.EOF:
			case (c.kind == "zeros" || c.kind == "blank") && errors.As(err, &torn):
				if torn.Offset != int64(len(valid)) || !torn.Zeros || torn.Blank != (c.kind == "blank") || torn.Size != int64(len(c.data)) {
					t.Fatalf("torn %+v", torn)
				}
			case c.kind == "corrupt" && errors.As(err, &ce):
				if ce.LastValid != int64(len(valid)) {
					t.Fatalf("corruption %+v", ce)
				}
			default:
				t.Fatalf("got %v, want %s", err, c.kind)
			}
		})
	}
}

// Every prefix of a valid stream reads as its complete items followed by a
// clean end or a torn tail at the last item boundary; never as corruption.
func TestReaderEveryPrefix(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 1))
	var data []byte
	var ends []int64
	for i := 0; i < 40; i++ {
		if rng.IntN(5) == 0 {
			data = append(data, "#TS:1700000000\r\n"...)
		} else {
			data = append(data, cmd("SET", string(randBytes(rng, rng.IntN(20))), string(randBytes(rng, rng.IntN(300))))...)
		}
		ends = append(ends, int64(len(data)))
	}
	for n := 0; n <= len(data); n++ {
		items, err := readItems(data[:n])
		boundary := int64(0)
		if len(items) > 0 {
			boundary = items[len(items)-1].End
		}
		var torn *TornTailError
		switch {
		case err == io.EOF && boundary == int64(n):
		case errors.As(err, &torn) && torn.Offset == boundary && boundary < int64(n):
		default:
			t.Fatalf("prefix %d: %v (boundary %d)", n, err, boundary)
		}
		if boundary > 0 && !contains(ends, boundary) {
			t.Fatalf("prefix %d: item ends at %d, not at a command boundary", n, boundary)
		}
	}
}

func contains(s []int64, v int64) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func randBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return b
}

func FuzzReader(f *testing.F) {
	for _, name := range []string{"preamble/appendonlydir/appendonly.aof.2.incr.aof",
		"multi-incr/appendonlydir/appendonly.aof.2.incr.aof",
		"resp-base/appendonlydir/appendonly.aof.2.incr.aof",
		"truncated-tail/appendonlydir/appendonly.aof.2.incr.aof",
		"corrupt-middle/appendonlydir/appendonly.aof.2.incr.aof"} {
		f.Add(testdata(f, name))
	}
	f.Add(append(cmd("SET", "k", "v"), make([]byte, 3*pageSize)...)) // a blank tail
	f.Fuzz(func(t *testing.T, data []byte) {
		checkBlank(t, data)
		items, err := readItems(data)
		end := int64(0)
		for _, it := range items {
			if it.Offset != end || it.End <= it.Offset {
				t.Fatalf("item %+v after %d", it, end)
			}
			end = it.End
		}
		var torn *TornTailError
		var ce *CorruptionError
		switch {
		case err == io.EOF:
			if end != int64(len(data)) {
				t.Fatalf("clean end at %d of %d", end, len(data))
			}
		case errors.As(err, &torn):
			// The part before the tear is a clean file on its own.
			if torn.Offset != end {
				t.Fatalf("torn at %d, last item ends at %d", torn.Offset, end)
			}
			if again, err := readItems(data[:end]); err != io.EOF || len(again) != len(items) {
				t.Fatalf("prefix before the tear: %v", err)
			}
		case errors.As(err, &ce):
			if ce.LastValid != end || ce.Offset < end {
				t.Fatalf("corruption %+v, last item ends at %d", ce, end)
			}
		default:
			t.Fatalf("unexpected error %v", err)
		}
	})
}

// checkBlank reads data as a file and as a stream: a tail reported blank
// is NUL from its offset to the end in both, and the two agree on it.
func checkBlank(t *testing.T, data []byte) {
	t.Helper()
	r := NewFileReader(bytes.NewReader(data), int64(len(data)), "f")
	var err error
	for err == nil {
		_, err = r.Next()
	}
	_, serr := readItems(data)
	var torn, storn *TornTailError
	fileBlank := errors.As(err, &torn) && torn.Blank
	streamBlank := errors.As(serr, &storn) && storn.Blank
	if fileBlank != streamBlank {
		t.Fatalf("blank read as a file: %v, as a stream: %v", err, serr)
	}
	if fileBlank {
		if torn.Size != int64(len(data)) || !torn.Zeros || !allZero(data[torn.Offset:]) {
			t.Fatalf("blank tail %+v of %d bytes is not all NUL", torn, len(data))
		}
	}
}
