//go:build interop

package interop

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTornTailInsideMulti: the AOF ends inside a command of a MULTI block
// (a crash mid-write). With aof-load-truncated yes the server must drop the
// whole block, and the file must be cut before MULTI: otherwise the
// dangling MULTI swallows the commands appended after the restart, and the
// next restart loses them although they were acknowledged. Strata must get
// this right. Redis 7.0.15 cuts after the last complete command instead
// (the fix came later, valkey-io/valkey#4342); its outcome is logged.
func TestTornTailInsideMulti(t *testing.T) {
	for _, name := range []string{"strata", "redis"} {
		t.Run(name, func(t *testing.T) {
			if name == "redis" {
				needRedis(t)
			}
			c, d := tornMultiScenario(t, name)
			if name == "redis" {
				t.Logf("redis-server 7.0.15 after the second restart: c=%q d=%q (acknowledged: c=2 d=3)", c, d)
				return
			}
			if c != "2" || d != "3" {
				t.Fatalf("acknowledged writes lost after a torn MULTI tail: c=%q d=%q", c, d)
			}
		})
	}
}

func tornMultiScenario(t *testing.T, name string) (string, string) {
	dir := t.TempDir()
	run := func() *proc {
		bin := "redis-server"
		pre := []string{}
		if name == "strata" {
			bin, pre = strataBin, []string{"server"}
		}
		p, err := start(name, bin, func(port int, _ string) []string {
			return append(pre, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--dir", dir,
				"--appendonly", "yes", "--appendfsync", "always", "--save", "")
		})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	cli := func(p *proc, stdin string, args ...string) string {
		var in []byte
		if stdin != "" {
			in = []byte(stdin)
		}
		out, err := runCmd(t, in, "redis-cli", append([]string{"-p", fmt.Sprint(p.port)}, args...)...)
		if err != nil {
			t.Fatalf("redis-cli %v: %v %s", args, err, out)
		}
		return strings.TrimSpace(out)
	}
	kill := func(p *proc) { p.cmd.Process.Kill(); <-p.done }

	p := run()
	cli(p, "", "SET", "a", "0")
	kill(p)
	incr := lastIncr(t, filepath.Join(dir, "appendonlydir"))
	f, err := os.OpenFile(incr, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nb")
	f.Close()
	p = run()
	if a := cli(p, "", "GET", "a"); a != "0" {
		t.Fatalf("%s applied part of a torn transaction: a=%q", name, a)
	}
	cli(p, "", "SET", "c", "2")
	cli(p, "MULTI\nSET d 3\nEXEC\n")
	time.Sleep(100 * time.Millisecond)
	kill(p)
	p = run()
	defer p.stop()
	return cli(p, "", "GET", "c"), cli(p, "", "GET", "d")
}

func lastIncr(t *testing.T, dir string) string {
	names, _ := filepath.Glob(filepath.Join(dir, "*.incr.aof"))
	if len(names) == 0 {
		t.Fatalf("no incr file in %s", dir)
	}
	return names[len(names)-1]
}
