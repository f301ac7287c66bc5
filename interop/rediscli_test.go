//go:build interop

package interop

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"
)

func cli(t *testing.T, p *proc, stdin []byte, args ...string) string {
	t.Helper()
	out, err := runCmd(t, stdin, "redis-cli", append([]string{"-h", "127.0.0.1", "-p", fmt.Sprint(p.port)}, args...)...)
	if err != nil {
		t.Fatalf("redis-cli %v: %v\n%s", args, err, out)
	}
	return out
}

// TestRedisCLIPipe mass-inserts with redis-cli --pipe, which ends with an
// ECHO of a random marker to know when all replies are in.
func TestRedisCLIPipe(t *testing.T) {
	needTool(t, "redis-cli")
	const n = 20000
	var in bytes.Buffer
	for i := 0; i < n; i++ {
		in.Write(encode([]string{"SET", fmt.Sprintf("key:%d", i), fmt.Sprintf("value-%d", i)}))
	}
	in.Write(encode([]string{"RPUSH", "list", "a", "b"}))
	bothServers(t, func(t *testing.T, p *proc) {
		out := cli(t, p, in.Bytes(), "--pipe")
		if want := fmt.Sprintf("errors: 0, replies: %d", n+1); !strings.Contains(out, want) {
			t.Fatalf("--pipe output %q lacks %q", out, want)
		}
		if got := strings.TrimSpace(cli(t, p, nil, "DBSIZE")); got != fmt.Sprint(n+1) {
			t.Errorf("DBSIZE = %s", got)
		}
		if got := strings.TrimSpace(cli(t, p, nil, "GET", "key:12345")); got != "value-12345" {
			t.Errorf("GET key:12345 = %q", got)
		}
	})
}

// TestRedisCLIUsage compares redis-cli's output for the same invocations
// against both servers.
func TestRedisCLIUsage(t *testing.T) {
	needTool(t, "redis-cli")
	type run struct {
		stdin string
		args  []string
	}
	runs := []run{
		{"", []string{"SET", "greeting", "hello"}},
		{"line one\nline two", []string{"-x", "SET", "multi"}},
		{"", []string{"GET", "multi"}},
		{"", []string{"--no-raw", "GET", "multi"}},
		{"", []string{"INCR", "counter"}},
		{"", []string{"--no-raw", "INCR", "counter"}},
		{"", []string{"RPUSH", "l", "a", "b", "c"}},
		{"", []string{"--no-raw", "LRANGE", "l", "0", "-1"}},
		{"", []string{"--no-raw", "GET", "nothing"}},
		{"", []string{"--no-raw", "NOSUCH", "cmd"}},
		{"", []string{"--no-raw", "LPUSH", "greeting", "x"}},
		{"", []string{"--csv", "LRANGE", "l", "0", "-1"}},
		{"", []string{"-3", "--no-raw", "HSET", "h", "f", "v"}},
		{"", []string{"-3", "--no-raw", "HGETALL", "h"}},
		{"SET a 1\nINCR a\nGET a\n", nil},
		{"", []string{"-r", "3", "INCR", "rep"}},
		{"", []string{"-n", "2", "SET", "indb2", "x"}},
		{"", []string{"-n", "2", "DBSIZE"}},
	}
	outputs := map[string][]string{}
	bothServers(t, func(t *testing.T, p *proc) {
		for _, r := range runs {
			var stdin []byte
			if r.stdin != "" {
				stdin = []byte(r.stdin)
			}
			out, _ := runCmd(t, stdin, "redis-cli", append([]string{"-h", "127.0.0.1", "-p", fmt.Sprint(p.port)}, r.args...)...)
			outputs[p.name] = append(outputs[p.name], out)
		}
	})
	for i, r := range runs {
		if want, got := outputs["redis"][i], outputs["strata"][i]; want != got {
			t.Errorf("redis-cli %q (stdin %q):\n  redis:  %q\n  strata: %q", r.args, r.stdin, want, got)
		}
	}
}

func TestRedisCLIScan(t *testing.T) {
	needTool(t, "redis-cli")
	bothServers(t, func(t *testing.T, p *proc) {
		var in bytes.Buffer
		for i := 0; i < 500; i++ {
			in.Write(encode([]string{"SET", fmt.Sprintf("user:%d", i), "x"}))
			in.Write(encode([]string{"SET", fmt.Sprintf("item:%d", i), "x"}))
		}
		cli(t, p, in.Bytes(), "--pipe")
		lines := strings.Fields(cli(t, p, nil, "--scan", "--pattern", "user:*"))
		sort.Strings(lines)
		uniq := lines[:0]
		for i, l := range lines {
			if i == 0 || l != lines[i-1] {
				uniq = append(uniq, l)
			}
		}
		if len(uniq) != 500 {
			t.Fatalf("--scan found %d user keys, want 500", len(uniq))
		}
		for _, k := range uniq {
			if !strings.HasPrefix(k, "user:") {
				t.Fatalf("--scan returned %q", k)
			}
		}
		if got := len(strings.Fields(cli(t, p, nil, "--scan"))); got < 1000 {
			t.Errorf("--scan without a pattern found %d keys, want 1000", got)
		}
	})
}
