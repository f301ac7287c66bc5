//go:build interop

package interop

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dumpDataset covers every type, several databases, expiries, big
// collections (several RESP batches) and a stream with a consumer group.
func dumpDataset(t *testing.T, port int) {
	cli := func(args ...string) {
		t.Helper()
		if out, err := runCmd(t, nil, "redis-cli", append([]string{"-p", fmt.Sprint(port)}, args...)...); err != nil {
			t.Fatalf("redis-cli %v: %v %s", args, err, out)
		}
	}
	cli("SET", "s", "v")
	cli("SET", "n", "12345")
	cli("SET", "ttl", "x", "PXAT", "4102444800123")
	cli("RPUSH", "l", "a", "b", "c")
	cli("SADD", "ints", "1", "2", "3")
	cli("SADD", "strs", "a", "b")
	cli("ZADD", "z", "1.5", "a", "inf", "b", "-inf", "c", "0.1", "d")
	cli("HSET", "h", "f", "v", "g", "w")
	cli("XADD", "st", "1-1", "f", "v")
	cli("XADD", "st", "2-1", "f", "w")
	cli("XGROUP", "CREATE", "st", "g", "1-1")
	cli("-n", "2", "SET", "db2", "x")
	mset := []string{"MSET"}
	for i := 0; i < 2000; i++ {
		mset = append(mset, fmt.Sprint("pop:", i), fmt.Sprint("value:", i))
	}
	cli(mset...)
	big := []string{"RPUSH", "biglist"}
	hbig := []string{"HSET", "bighash"}
	for i := 0; i < 1500; i++ {
		big = append(big, fmt.Sprint("e", i))
		hbig = append(hbig, fmt.Sprint("f", i), fmt.Sprint("v", i))
	}
	cli(big...)
	cli(hbig...)
}

func digest(t *testing.T, port int) string {
	out, err := runCmd(t, nil, "redis-cli", "-p", fmt.Sprint(port), "DEBUG", "DIGEST")
	if err != nil {
		t.Fatalf("DEBUG DIGEST: %v %s", err, out)
	}
	return strings.TrimSpace(out)
}

// TestDumpReplays: `strata rdb dump --format resp` and `strata aof dump
// --format resp` of redis-server 7.0.15's files, piped into an empty
// redis-server with redis-cli --pipe, give the same DEBUG DIGEST.
func TestDumpReplays(t *testing.T) {
	needRedis(t)
	needTool(t, "redis-cli")
	var dir string
	src, err := start("redis-src", "redis-server", func(port int, d string) []string {
		dir = d
		return []string{"--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--dir", d, "--appendonly", "yes",
			"--save", "", "--enable-debug-command", "yes"}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer src.stop()
	dumpDataset(t, src.port)
	want := digest(t, src.port)
	if out, err := runCmd(t, nil, "redis-cli", "-p", fmt.Sprint(src.port), "SAVE"); err != nil {
		t.Fatal(err, out)
	}
	for _, c := range []struct{ name, args string }{
		{"rdb", "rdb dump --format resp " + filepath.Join(dir, "dump.rdb")},
		{"aof", "aof dump --format resp " + filepath.Join(dir, "appendonlydir", "appendonly.aof.manifest")},
	} {
		data, err := runRESP(t, strataBin, strings.Fields(c.args))
		if err != nil {
			t.Fatal(err)
		}
		dst, err := start("redis-dst", "redis-server", func(port int, d string) []string {
			return []string{"--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--dir", d, "--appendonly", "no",
				"--save", "", "--enable-debug-command", "yes"}
		})
		if err != nil {
			t.Fatal(err)
		}
		if out, err := runCmd(t, data, "redis-cli", "-p", fmt.Sprint(dst.port), "--pipe"); err != nil || !strings.Contains(out, "errors: 0") {
			t.Fatalf("%s: redis-cli --pipe: %v\n%s", c.name, err, out)
		}
		if got := digest(t, dst.port); got != want {
			t.Errorf("%s dump replayed to digest %s, want %s", c.name, got, want)
		}
		dst.stop()
	}
}

// runRESP runs the binary and returns its standard output only.
func runRESP(t *testing.T, bin string, args []string) ([]byte, error) {
	f := filepath.Join(t.TempDir(), "out.resp")
	if out, err := runCmd(t, nil, bin, append(append([]string{}, args[:2]...), append([]string{"-o", f}, args[2:]...)...)...); err != nil {
		t.Fatalf("%v: %v %s", args, err, out)
	}
	data, err := os.ReadFile(f)
	return data, err
}
