package scripting

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/resp"
)

var seed = flag.Uint64("seed", 0, "seed for the randomized tests (0: from the clock)")

func testSeed(t *testing.T) *rand.Rand {
	s := *seed
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -seed %d)", s, s)
	return rand.New(rand.NewPCG(s, s))
}

// fakeHost answers every command with a fixed RESP reply.
type fakeHost struct {
	reply []byte
	calls [][]string
}

func (h *fakeHost) Call(argv [][]byte, _ int) ([]byte, string) {
	var call []string
	for _, a := range argv {
		call = append(call, string(a))
	}
	h.calls = append(h.calls, call)
	return h.reply, ""
}
func (h *fakeHost) CommandExists([][]byte) bool { return true }
func (h *fakeHost) Log(int, string)             {}

func run(t *testing.T, e *Engine, body string, h Host, keys, args []string) string {
	t.Helper()
	sc, errText := e.Load(body)
	if errText != "" {
		t.Fatalf("load %q: %s", body, errText)
	}
	w := resp.NewWriter()
	toBytes := func(s []string) [][]byte {
		var out [][]byte
		for _, x := range s {
			out = append(out, []byte(x))
		}
		return out
	}
	e.Run(sc, toBytes(keys), toBytes(args), h, w)
	return string(w.Bytes())
}

// randomReply builds a RESP2 reply and what a script returning it
// unchanged replies: the same, except that a nil array becomes a nil bulk
// (both are false in Lua, and false goes back as a nil bulk); a nil
// inside an array is false, not nil, so the array keeps its length.
func randomReply(r *rand.Rand, depth int) (in, out string) {
	switch k := r.IntN(6); {
	case k == 0:
		n := r.Int64N(1<<40) - 1<<39
		s := fmt.Sprintf(":%d\r\n", n)
		return s, s
	case k == 1:
		b := strings.Repeat(string(rune('a'+r.IntN(26))), r.IntN(5))
		s := fmt.Sprintf("$%d\r\n%s\r\n", len(b), b)
		return s, s
	case k == 2:
		return "$-1\r\n", "$-1\r\n"
	case k == 3 && depth == 0:
		return "*-1\r\n", "$-1\r\n"
	case k == 4 && depth < 3:
		n := r.IntN(4)
		in, out = fmt.Sprintf("*%d\r\n", n), ""
		var elems []string
		for i := 0; i < n; i++ {
			a, b := randomReply(r, depth+1)
			in += a
			elems = append(elems, b)
		}
		return in, fmt.Sprintf("*%d\r\n", len(elems)) + strings.Join(elems, "")
	case k == 5 && depth == 0:
		return "+STATUS\r\n", "+STATUS\r\n"
	}
	return ":1\r\n", ":1\r\n"
}

func TestRESPRoundTripThroughLua(t *testing.T) {
	r := testSeed(t)
	e := New()
	for i := 0; i < 2000; i++ {
		in, want := randomReply(r, 0)
		h := &fakeHost{reply: []byte(in)}
		if got := run(t, e, "return redis.call('x')", h, nil, nil); got != want {
			t.Fatalf("reply %q through Lua = %q, want %q", in, got, want)
		}
	}
}

func TestCallArgumentsAndKeys(t *testing.T) {
	e := New()
	h := &fakeHost{reply: []byte("+OK\r\n")}
	got := run(t, e, "return redis.call('set', KEYS[1], ARGV[1], 'EX', 10, 1.5)", h, []string{"k"}, []string{"v"})
	if got != "+OK\r\n" {
		t.Fatalf("reply = %q", got)
	}
	if fmt.Sprint(h.calls) != "[[set k v EX 10 1.5]]" {
		t.Fatalf("calls = %v", h.calls)
	}
}

func TestCmsgpackRoundTrip(t *testing.T) {
	r := testSeed(t)
	e := New()
	h := &fakeHost{}
	for i := 0; i < 300; i++ {
		n := r.Int64N(1<<53) - 1<<52
		f := r.Float64() * 1e6
		s := strings.Repeat("x", r.IntN(70000))
		body := fmt.Sprintf(`local v = {%d, %g, '%s', {a=%d, b={true, false}}}
local u = cmsgpack.unpack(cmsgpack.pack(v))
return u[1] == v[1] and u[2] == v[2] and u[3] == v[3] and u[4].a == v[4].a and u[4].b[1] == true and u[4].b[2] == false`, n, f, s, n)
		if got := run(t, e, body, h, nil, nil); got != ":1\r\n" {
			t.Fatalf("round trip of %d %g (len %d) = %q", n, f, len(s), got)
		}
	}
}

func TestCjsonRoundTrip(t *testing.T) {
	e := New()
	h := &fakeHost{}
	for _, tc := range []struct{ body, want string }{
		{`return cjson.encode({})`, "{}"},
		{`return cjson.encode({1, 'a', true})`, `[1,"a",true]`},
		{`return cjson.encode({a = {b = 'c'}})`, `{"a":{"b":"c"}}`},
		{`return cjson.encode('a"b\n')`, `"a\"b\n"`},
		{`return cjson.encode(cjson.decode('[1,null,3]'))`, `[1,null,3]`},
		{`return tostring(cjson.decode('{"x": 1.5}').x)`, `1.5`},
		{`local ok = pcall(cjson.encode, {[1]=1, [100]=2}) return tostring(ok)`, `false`},
	} {
		got := run(t, e, tc.body, h, nil, nil)
		want := fmt.Sprintf("$%d\r\n%s\r\n", len(tc.want), tc.want)
		if got != want {
			t.Errorf("%s = %q, want %q", tc.body, got, want)
		}
	}
}

func TestBitLibrary(t *testing.T) {
	e := New()
	h := &fakeHost{}
	for _, tc := range []struct{ expr, want string }{
		{"bit.tobit(0xffffffff)", "-1"},
		{"bit.band(0x12345678, 0xff)", "120"},
		{"bit.bor(1, 2, 4)", "7"},
		{"bit.bxor(5, 3)", "6"},
		{"bit.lshift(1, 31)", "-2147483648"},
		{"bit.rshift(-1, 28)", "15"},
		{"bit.arshift(-16, 2)", "-4"},
		{"bit.rol(0x80000000, 1)", "1"},
		{"bit.bswap(0x12345678)", "2018915346"},
	} {
		got := run(t, e, "return tostring("+tc.expr+")", h, nil, nil)
		want := fmt.Sprintf("$%d\r\n%s\r\n", len(tc.want), tc.want)
		if got != want {
			t.Errorf("%s = %q, want %q", tc.expr, got, want)
		}
	}
	if got := run(t, e, "return bit.tohex(-1, -4)", h, nil, nil); got != "$4\r\nFFFF\r\n" {
		t.Errorf("tohex = %q", got)
	}
}
