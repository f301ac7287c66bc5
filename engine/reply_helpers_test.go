package engine

import (
	"flag"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Expected-reply builders for table tests (RESP2 wire form).

const (
	rOK   = "+OK\r\n"
	rNull = "$-1\r\n"
)

func rInt(n int64) string     { return ":" + strconv.FormatInt(n, 10) + "\r\n" }
func rBulk(s string) string   { return "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n" }
func rErr(msg string) string  { return "-" + msg + "\r\n" }
func rSimple(s string) string { return "+" + s + "\r\n" }

func rArr(items ...string) string {
	return "*" + strconv.Itoa(len(items)) + "\r\n" + strings.Join(items, "")
}

func rBulks(items ...string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = rBulk(s)
	}
	return rArr(out...)
}

// step is one command (space separated, or argv when it needs empty or
// spaced arguments) and its expected reply.
type step struct {
	cmd  string
	want string
	argv []string
}

func (s step) args() []string {
	if s.argv != nil {
		return s.argv
	}
	return strings.Fields(s.cmd)
}

// runSteps runs steps in order on e, reporting every mismatch.
func runSteps(t *testing.T, e *Engine, steps []step) {
	t.Helper()
	for _, s := range steps {
		if got := run(e, s.args()...); got != s.want {
			t.Errorf("%q = %q, want %q", s.args(), got, s.want)
		}
	}
}

// runFresh runs each group of steps on a fresh engine.
func runFresh(t *testing.T, groups map[string][]step) {
	t.Helper()
	for name, steps := range groups {
		t.Run(name, func(t *testing.T) {
			e, _ := testEngine(t)
			runSteps(t, e, steps)
		})
	}
}

var seedFlag = flag.Int64("seed", 0, "seed for randomized engine tests (0: time based)")

// testSeed returns the seed to use and logs it so a failure can be
// replayed with -seed.
func testSeed(t *testing.T) int64 {
	seed := *seedFlag
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	t.Logf("seed %d (rerun with -seed=%d)", seed, seed)
	return seed
}

// effectStrings renders the pending effects as command lines.
func effectStrings(t *testing.T, e *Engine) []string {
	t.Helper()
	var out []string
	for _, eff := range e.TakeEffects() {
		out = append(out, decodeCommands(t, eff.RESP)...)
	}
	return out
}

// decodeCommands splits RESP multibulks into space-joined command lines.
func decodeCommands(t *testing.T, b []byte) []string {
	t.Helper()
	var out []string
	for _, argv := range decodeArgvs(t, b) {
		out = append(out, strings.Join(argv, " "))
	}
	return out
}

// decodeArgvs splits RESP multibulks into argument vectors.
func decodeArgvs(t *testing.T, b []byte) [][]string {
	t.Helper()
	var out [][]string
	for len(b) > 0 {
		var argv []string
		n, rest := readLineInt(t, b, '*')
		b = rest
		for i := 0; i < n; i++ {
			l, rest := readLineInt(t, b, '$')
			argv = append(argv, string(rest[:l]))
			b = rest[l+2:]
		}
		out = append(out, argv)
	}
	return out
}

func readLineInt(t *testing.T, b []byte, prefix byte) (int, []byte) {
	i := strings.Index(string(b), "\r\n")
	if i < 0 || b[0] != prefix {
		t.Fatalf("bad RESP %q", b)
	}
	n, err := strconv.Atoi(string(b[1:i]))
	if err != nil {
		t.Fatalf("bad RESP length %q", b[:i])
	}
	return n, b[i+2:]
}
