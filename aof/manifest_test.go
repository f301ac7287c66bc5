package aof

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

var manifestFixtures = []string{"fresh-empty", "history", "multi-incr", "preamble", "resp-base",
	"truncated-not-last", "truncated-tail", "corrupt-middle"}

// Every manifest Redis wrote parses and is written back byte for byte.
func TestManifestFixturesRoundTrip(t *testing.T) {
	for _, name := range manifestFixtures {
		data := testdata(t, name+"/appendonlydir/appendonly.aof.manifest")
		m, err := ParseManifest(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := string(m.Marshal()); got != string(data) {
			t.Fatalf("%s: marshal\n%s\nwant\n%s", name, got, data)
		}
	}
}

func TestManifestHistoryFixture(t *testing.T) {
	m, err := ParseManifest(testdata(t, "history/appendonlydir/appendonly.aof.manifest"))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, in := range m.LoadOrder() {
		order = append(order, in.Name)
	}
	want := []string{"appendonly.aof.3.base.rdb", "appendonly.aof.3.incr.aof"}
	if !reflect.DeepEqual(order, want) || len(m.History) != 4 || m.BaseSeq != 3 || m.IncrSeq != 3 {
		t.Fatalf("load order %v, manifest %+v", order, m)
	}
}

func TestManifestParse(t *testing.T) {
	long := "file " + strings.Repeat("x", 1020) + " seq 1 type b\n"
	cases := []struct {
		name, in string
		line     int
		reason   string // "" = valid
		want     string // Marshal of the result when valid
	}{
		{"empty file", "", 0, errManifestEmpty, ""},
		{"only comments", "# hello\n", 0, "", ""},
		{"comment and record", "# c\nfile a seq 1 type b\n", 0, "", "file a seq 1 type b\n"},
		{"no final newline", "file a seq 1 type b", 1, errManifestLongLine, ""},
		{"line too long", long, 1, errManifestLongLine, ""},
		{"blank line", "file a seq 1 type b\n\n", 2, errManifestFormat, ""},
		{"spaces only", "   \t\n", 1, errManifestFormat, ""},
		{"crlf", "file a seq 1 type b\r\n", 0, "", "file a seq 1 type b\n"},
		{"odd tokens", "file a seq 1 type b extra\n", 1, errManifestFormat, ""},
		{"too few tokens", "file a seq 1\n", 1, errManifestFormat, ""},
		{"unbalanced quote", "file \"a seq 1 type b\n", 1, errManifestFormat, ""},
		{"path", "file d/a seq 1 type b\n", 1, errManifestPath, ""},
		{"backslash path", "file d\\a seq 1 type b\n", 1, errManifestPath, ""},
		{"seq zero", "file a seq 0 type b\n", 1, errManifestFormat, ""},
		{"seq not a number", "file a seq x type b\n", 1, errManifestFormat, ""},
		{"seq with junk", "file a seq 7x type i\n", 0, "", "file a seq 7 type i\n"},
		{"unknown type", "file a seq 1 type z\n", 1, errManifestUnknownTy, ""},
		{"type word", "file a seq 1 type incr\n", 0, "", "file a seq 1 type i\n"},
		{"empty type", "file a seq 1 type ''\n", 1, errManifestFormat, ""},
		{"missing file", "seq 1 type b foo bar\n", 1, errManifestFormat, ""},
		{"duplicate base", "file a seq 1 type b\nfile b seq 2 type b\n", 2, errManifestDupBase, ""},
		{"incr not increasing", "file a seq 2 type i\nfile b seq 2 type i\n", 2, errManifestNonMono, ""},
		{"history any order", "file a seq 2 type h\nfile b seq 1 type h\n", 0, "", "file a seq 2 type h\nfile b seq 1 type h\n"},
		{"unknown keys and order", "type i size 9 seq 3 FILE a\n", 0, "", "file a seq 3 type i\n"},
		{"writer order", "file i1 seq 1 type i\nfile h seq 1 type h\nfile b seq 1 type b\n", 0, "",
			"file b seq 1 type b\nfile h seq 1 type h\nfile i1 seq 1 type i\n"},
		{"quoted name", "file \"my file\\x01\" seq 1 type b\n", 0, "", "file \"my file\\x01\" seq 1 type b\n"},
		{"single quotes", "file 'a b' seq 1 type b\n", 0, "", "file \"a b\" seq 1 type b\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := ParseManifest([]byte(c.in))
			if c.reason == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := string(m.Marshal()); got != c.want {
					t.Fatalf("marshal %q, want %q", got, c.want)
				}
				return
			}
			var me *ManifestError
			if !errors.As(err, &me) || me.Reason != c.reason || me.Line != c.line || !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v, want %q at line %d", err, c.reason, c.line)
			}
		})
	}
}

func TestManifestQuotingRoundTrip(t *testing.T) {
	for _, name := range []string{"plain", "a b", "q\"uote", "tab\tnl\nx", "\xff\x00bin", "é", "000'000", "'", "it's"} {
		in := &Manifest{Base: &Info{Name: name, Seq: 4, Type: TypeBase}}
		out, err := ParseManifest(in.Marshal())
		if strings.ContainsAny(name, "\x00") {
			// The name is a C string to Redis: it ends at the NUL.
			if err != nil || out.Base.Name != "\xff" {
				t.Fatalf("%q: %v %+v", name, err, out)
			}
			continue
		}
		if err != nil || out.Base.Name != name {
			t.Fatalf("%q: got %v %+v from %q", name, err, out, in.Marshal())
		}
	}
}

func FuzzManifest(f *testing.F) {
	for _, name := range manifestFixtures {
		f.Add(testdata(f, name+"/appendonlydir/appendonly.aof.manifest"))
	}
	f.Add([]byte("file \"a b\\x00\" seq -3 type h\n# c\nfile x seq 9 type i\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(data)
		if err != nil {
			return
		}
		// What we write, we read back to the same manifest.
		again, err := ParseManifest(m.Marshal())
		if len(m.LoadOrder())+len(m.History) == 0 {
			return
		}
		if err != nil {
			t.Fatalf("re-parse of %q: %v", m.Marshal(), err)
		}
		if string(again.Marshal()) != string(m.Marshal()) {
			t.Fatalf("round trip changed %q to %q", m.Marshal(), again.Marshal())
		}
	})
}
