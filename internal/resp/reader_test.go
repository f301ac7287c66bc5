package resp

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// oneByteReader returns at most n bytes per Read, to exercise every split.
type chunkReader struct {
	r *bytes.Reader
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(p) > c.n {
		p = p[:c.n]
	}
	return c.r.Read(p)
}

func readAll(t testing.TB, in []byte, chunk int) ([][]string, error) {
	rd := NewReader(&chunkReader{bytes.NewReader(in), chunk})
	var out [][]string
	for {
		args, err := rd.Next()
		if err != nil {
			if err == io.EOF {
				return out, nil
			}
			return out, err
		}
		var cmd []string
		for _, a := range args {
			cmd = append(cmd, string(a))
		}
		out = append(out, cmd)
	}
}

func TestRequests(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want [][]string
		err  string
	}{
		{"multibulk", "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", [][]string{{"GET", "k"}}, ""},
		{"pipeline", "*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n", [][]string{{"PING"}, {"PING"}}, ""},
		{"inline", "SET k v\r\n", [][]string{{"SET", "k", "v"}}, ""},
		{"inline lf only", "PING\n", [][]string{{"PING"}}, ""},
		{"inline quotes", "SET \"a b\" 'c d'\r\n", [][]string{{"SET", "a b", "c d"}}, ""},
		{"inline escapes", "SET k \"\\x41\\n\"\r\n", [][]string{{"SET", "k", "A\n"}}, ""},
		{"empty line skipped", "\r\n\r\nPING\r\n", [][]string{{"PING"}}, ""},
		{"empty multibulk skipped", "*0\r\n*-1\r\nPING\r\n", [][]string{{"PING"}}, ""},
		{"binary value", "*2\r\n$3\r\nGET\r\n$4\r\n\x00\r\n\xff\r\n", [][]string{{"GET", "\x00\r\n\xff"}}, ""},
		{"unbalanced quotes", "SET \"k v\r\n", nil, "Protocol error: unbalanced quotes in request"},
		{"quote then letter", "SET \"k\"v\r\n", nil, "Protocol error: unbalanced quotes in request"},
		{"negative multibulk over limit", "*3000000000\r\n", nil, "Protocol error: invalid multibulk length"},
		{"non-numeric multibulk", "*abc\r\n", nil, "Protocol error: invalid multibulk length"},
		{"bulk header missing", "*1\r\nfoo\r\n", nil, "Protocol error: expected '$', got 'f'"},
		{"negative bulk", "*1\r\n$-10\r\n", nil, "Protocol error: invalid bulk length"},
		{"huge bulk", "*1\r\n$2000000000\r\n", nil, "Protocol error: invalid bulk length"},
		{"non-numeric bulk", "*1\r\n$blabla\r\n", nil, "Protocol error: invalid bulk length"},
		{"too big inline", strings.Repeat("a", 70000), nil, "Protocol error: too big inline request"},
		{"too big mbulk count", "*" + strings.Repeat("1", 70000), nil, "Protocol error: too big mbulk count string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, chunk := range []int{1, 3, 4096} {
				got, err := readAll(t, []byte(tc.in), chunk)
				if tc.err != "" {
					var pe *ProtocolError
					if !errors.As(err, &pe) || pe.Error() != tc.err {
						t.Fatalf("chunk %d: err = %v, want %q", chunk, err, tc.err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("chunk %d: %v", chunk, err)
				}
				if !equal(got, tc.want) {
					t.Fatalf("chunk %d: got %q, want %q", chunk, got, tc.want)
				}
			}
		})
	}
}

func equal(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") || len(a[i]) != len(b[i]) {
			return false
		}
	}
	return true
}

func TestQueryBufferLimit(t *testing.T) {
	in := "*1\r\n$100000\r\n" + strings.Repeat("x", 100000)
	rd := NewReader(&chunkReader{bytes.NewReader([]byte(in)), 4096})
	rd.Limits.QueryBuffer = 64 * 1024
	if _, err := rd.Next(); !errors.Is(err, ErrQueryBufferLimit) {
		t.Fatalf("err = %v, want ErrQueryBufferLimit", err)
	}
}

func encode(cmds [][]string) []byte {
	var b bytes.Buffer
	for _, c := range cmds {
		b.WriteString("*")
		b.WriteString(itoa(len(c)))
		b.WriteString("\r\n")
		for _, a := range c {
			b.WriteString("$" + itoa(len(a)) + "\r\n" + a + "\r\n")
		}
	}
	return b.Bytes()
}

func itoa(n int) string { return strconv.Itoa(n) }

// Random pipelines read back the same whatever the read sizes.
func TestRandomPipelinesAnySplit(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for iter := 0; iter < 200; iter++ {
		var cmds [][]string
		for i := 0; i < 1+r.Intn(20); i++ {
			var c []string
			for j := 0; j < 1+r.Intn(5); j++ {
				b := make([]byte, r.Intn(50))
				r.Read(b)
				c = append(c, string(b))
			}
			cmds = append(cmds, c)
		}
		got, err := readAll(t, encode(cmds), 1+r.Intn(64))
		if err != nil || !equal(got, cmds) {
			t.Fatalf("iter %d: err %v, mismatch", iter, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "SET a \"b\\x41\"\r\n", "*1\r\n$-1\r\n", "*0\r\n", "\r\n", "'a' \"b\"\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		args, n, err := Parse(data, 1<<20)
		if err != nil {
			return
		}
		if n <= 0 || n > len(data) {
			t.Fatalf("consumed %d of %d", n, len(data))
		}
		// A parsed request re-encoded parses back to the same arguments.
		var c []string
		for _, a := range args {
			c = append(c, string(a))
		}
		if len(c) == 0 {
			return
		}
		again, m, err := Parse(encode([][]string{c}), 1<<20)
		if err != nil || m != len(encode([][]string{c})) || len(again) != len(args) {
			t.Fatalf("round trip failed: %v", err)
		}
		for i := range again {
			if !bytes.Equal(again[i], args[i]) {
				t.Fatalf("arg %d differs", i)
			}
		}
		// Reading the same bytes through a stream in tiny chunks agrees.
		got, rerr := readAll(t, data[:n], 1)
		if rerr != nil || len(got) > 1 || (len(got) == 1 && !equal(got, [][]string{c})) {
			t.Fatalf("stream read disagrees: %v %q vs %q", rerr, got, c)
		}
	})
}

func TestWriterRESP2AndRESP3(t *testing.T) {
	w := NewWriter()
	w.Map(1)
	w.BulkString("a")
	w.Double(1.5)
	w.Null()
	w.Bool(true)
	if got := string(w.Bytes()); got != "*2\r\n$1\r\na\r\n$3\r\n1.5\r\n$-1\r\n:1\r\n" {
		t.Fatalf("RESP2 = %q", got)
	}
	w = &Writer{Proto: 3}
	w.Map(1)
	w.BulkString("a")
	w.Double(1.5)
	w.Null()
	w.Bool(true)
	if got := string(w.Bytes()); got != "%1\r\n$1\r\na\r\n,1.5\r\n_\r\n#t\r\n" {
		t.Fatalf("RESP3 = %q", got)
	}
}

func TestAppendDoubleLikeRedis(t *testing.T) {
	for f, want := range map[float64]string{1.5: "1.5", 3: "3", 0.1: "0.10000000000000001", 1e20: "1e+20", -2.5e-5: "-2.5000000000000001e-05"} {
		if got := string(AppendDouble(nil, f)); got != want {
			t.Errorf("AppendDouble(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestParseIntLikeString2ll(t *testing.T) {
	for in, want := range map[string]bool{"0": true, "12": true, "-5": true, "9223372036854775807": true,
		"-9223372036854775808": true, "9223372036854775808": false, "01": false, "-0": false, "+1": false,
		"": false, "-": false, "1a": false, " 1": false, "99999999999999999999": false} {
		n, ok := parseInt([]byte(in))
		if ok != want {
			t.Errorf("parseInt(%q) ok = %v", in, ok)
		}
		if ok {
			if s := strconv.FormatInt(n, 10); s != in {
				t.Errorf("parseInt(%q) = %d", in, n)
			}
		}
	}
}
