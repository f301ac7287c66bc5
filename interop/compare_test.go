//go:build interop

package interop

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A comparison case is a script of steps, one per line, run against real
// Redis and against Strata on fresh connections after FLUSHALL; every reply
// must render the same. Step syntax:
//
//	SET k v               send a command on connection 0 and read its reply
//	1> PUBLISH ch hi      the same on connection 1 (opened on first use)
//	sorted SMEMBERS s     sort the elements of the reply (unordered commands)
//	ignore HELLO 3        send and read, but do not compare (ids, versions)
//	send SET k v          send without reading (pipelining)
//	read                  read one reply without sending
//	raw "*1\r\n$-5\r\n"   send raw bytes (a Go string literal), read one reply
//	sleep 150ms           wait
//
// Arguments are separated by spaces; "double quoted" words are Go string
// literals, so "" is an empty argument and "a b" one argument.
type compareCase struct {
	name   string
	script string
}

type step struct {
	conn   int
	kind   string // do, send, read, raw, sleep
	args   []string
	raw    []byte
	sorted bool
	ignore bool
	text   string
	wait   time.Duration
}

func parseScript(t *testing.T, script string) []step {
	t.Helper()
	var steps []step
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := parseStep(line)
		if err != nil {
			t.Fatalf("bad step %q: %v", line, err)
		}
		steps = append(steps, s)
	}
	return steps
}

func parseStep(line string) (step, error) {
	s := step{kind: "do", text: line}
	words, err := splitWords(line)
	if err != nil || len(words) == 0 {
		return s, fmt.Errorf("cannot split: %v", err)
	}
	if w := words[0]; strings.HasSuffix(w, ">") {
		n, err := strconv.Atoi(strings.TrimSuffix(w, ">"))
		if err != nil {
			return s, err
		}
		s.conn, words = n, words[1:]
	}
	for len(words) > 0 {
		switch words[0] {
		case "sorted":
			s.sorted = true
		case "ignore":
			s.ignore = true
		case "send", "read", "raw", "sleep":
			s.kind = words[0]
		default:
			return finishStep(s, words)
		}
		words = words[1:]
	}
	return finishStep(s, words)
}

func finishStep(s step, words []string) (step, error) {
	var err error
	switch s.kind {
	case "raw":
		if len(words) != 1 {
			return s, fmt.Errorf("raw takes one quoted string")
		}
		s.raw = []byte(words[0])
	case "sleep":
		if len(words) != 1 {
			return s, fmt.Errorf("sleep takes a duration")
		}
		s.wait, err = time.ParseDuration(words[0])
	case "read":
		if len(words) != 0 {
			return s, fmt.Errorf("read takes no arguments")
		}
	default:
		if len(words) == 0 {
			return s, fmt.Errorf("no command")
		}
		s.args = words
	}
	return s, err
}

// splitWords splits on spaces; a word starting with " is a Go string
// literal.
func splitWords(line string) ([]string, error) {
	var out []string
	for line = strings.TrimLeft(line, " \t"); line != ""; line = strings.TrimLeft(line, " \t") {
		if line[0] != '"' {
			i := strings.IndexAny(line, " \t")
			if i < 0 {
				i = len(line)
			}
			out = append(out, line[:i])
			line = line[i:]
			continue
		}
		q, err := strconv.QuotedPrefix(line)
		if err != nil {
			return nil, err
		}
		w, _ := strconv.Unquote(q)
		out = append(out, w)
		line = line[len(q):]
	}
	return out, nil
}

// runScript plays steps against one server and returns one rendered reply
// per step ("" for steps that read nothing).
func runScript(t *testing.T, p *proc, steps []step) []string {
	t.Helper()
	flushAll(t, p)
	conns := map[int]*rawConn{}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	get := func(n int) *rawConn {
		if conns[n] == nil {
			conns[n] = dial(t, p)
		}
		return conns[n]
	}
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = runStep(get, s)
	}
	p.checkAlive(t)
	return out
}

func runStep(get func(int) *rawConn, s step) string {
	switch s.kind {
	case "sleep":
		time.Sleep(s.wait)
		return ""
	case "send":
		if err := get(s.conn).send(encode(s.args)); err != nil {
			return "<write error>"
		}
		return ""
	case "read":
		return get(s.conn).read(s.sorted)
	case "raw":
		if err := get(s.conn).send(s.raw); err != nil {
			return "<write error>"
		}
		return get(s.conn).read(s.sorted)
	}
	c := get(s.conn)
	if err := c.send(encode(s.args)); err != nil {
		return "<write error>"
	}
	return c.read(s.sorted)
}

func TestCompareWithRedis(t *testing.T) {
	redis, strata := pair(t)
	for _, tc := range compareCases {
		t.Run(tc.name, func(t *testing.T) {
			steps := parseScript(t, tc.script)
			want := runScript(t, redis, steps)
			// A case must be deterministic on Redis itself, or a mismatch
			// would say nothing about Strata.
			if d := diffTable(steps, want, runScript(t, redis, steps)); d != "" {
				t.Fatalf("case is not deterministic on Redis:\n%s", d)
			}
			got := runScript(t, strata, steps)
			if *transcript {
				t.Logf("transcript (redis | strata):\n%s", transcriptTable(steps, want, got))
			}
			if d := diffTable(steps, want, got); d != "" {
				t.Errorf("replies differ (redis vs strata):\n%s", d)
			}
		})
	}
}

var transcript = flag.Bool("transcript", false, "log every step's replies from both servers")

func transcriptTable(steps []step, want, got []string) string {
	var b strings.Builder
	for i, s := range steps {
		mark := "  "
		if !s.ignore && want[i] != got[i] {
			mark = "!!"
		}
		fmt.Fprintf(&b, "%s %-40s %s | %s\n", mark, s.text, want[i], got[i])
	}
	return b.String()
}

// diffTable lists the steps whose replies differ, ignoring ignored steps.
func diffTable(steps []step, want, got []string) string {
	var b strings.Builder
	for i, s := range steps {
		if s.ignore || want[i] == got[i] {
			continue
		}
		fmt.Fprintf(&b, "  step %d: %s\n    redis:  %s\n    strata: %s\n", i+1, s.text, want[i], got[i])
	}
	return b.String()
}

func TestSplitWords(t *testing.T) {
	got, err := splitWords(`SET "a b" "" x "\r\n"`)
	want := []string{"SET", "a b", "", "x", "\r\n"}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
}
