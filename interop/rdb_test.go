//go:build interop

package interop

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The RDB round trips of issue 5, against the real redis-server 7.0.15 and
// redis-check-rdb: a dataset with every type in every encoding (streams
// aside: Strata has no stream type yet), TTLs and several databases goes
// Strata SAVE -> redis-check-rdb -> redis-server loads it, and redis-server
// SAVE -> Strata loads it; DUMP payloads go both ways. Datasets are compared
// key by key through a client: type, encoding, absolute expiry and value.

// startWithDir starts a server whose data directory is known to the test.
func startWithDir(t *testing.T, name string, seed string) (*proc, string) {
	t.Helper()
	var dir string
	bin, args := "redis-server", func(port int, d string) []string {
		dir = d
		copySeed(t, seed, d)
		return []string{"--save", "", "--appendonly", "no", "--port", fmt.Sprint(port),
			"--bind", "127.0.0.1", "--dir", d, "--enable-debug-command", "yes"}
	}
	if name == "strata" {
		bin = strataBin
		redisArgs := args
		args = func(port int, d string) []string { return append([]string{"server"}, redisArgs(port, d)...) }
	}
	p, err := start(name, bin, args)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.stop)
	return p, dir
}

// copySeed puts the file seed (if any) in dir as dump.rdb before start.
func copySeed(t *testing.T, seed, dir string) {
	if seed == "" {
		return
	}
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dump.rdb"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// rdbDataset is a list of commands building keys of every type and
// encoding Redis 7.0 has (streams aside), with TTLs, in several databases.
func rdbDataset() [][]string {
	var cmds [][]string
	add := func(args ...string) { cmds = append(cmds, args) }
	many := func(n int, f func(i int) []string) []string {
		out := []string{}
		for i := 0; i < n; i++ {
			out = append(out, f(i)...)
		}
		return out
	}
	for _, db := range []string{"0", "1", "9", "15"} {
		add("SELECT", db)
		add("SET", "str:int", "12345")
		add("SET", "str:neg", "-9223372036854775808")
		add("SET", "str:embstr", "hello world")
		add("SET", "str:raw", strings.Repeat("raw-value-", 10))
		add("SET", "str:lzf", strings.Repeat("a", 5000))
		add("SET", "str:bin", "\x00\x01\xff\xfe binary")
		add("SET", "str:empty", "")
		add("SET", "str:float", "3.14159")
		add(append([]string{"RPUSH", "list:small"}, "a", "1", "-7", "x")...)
		add(append([]string{"RPUSH", "list:big"}, many(3000, func(i int) []string { return []string{fmt.Sprint("element-", i)} })...)...)
		add("RPUSH", "list:hugeel", strings.Repeat("z", 20000), "small")
		add("SADD", "set:intset", "1", "2", "3", "-100", "9223372036854775807")
		add("SADD", "set:ht", "a", "b", "c")
		add(append([]string{"SADD", "set:bigint"}, many(600, func(i int) []string { return []string{fmt.Sprint(i * 7)} })...)...)
		add("ZADD", "zset:lp", "1", "a", "2.5", "b", "-3", "c", "inf", "d", "-inf", "e", "1e300", "f")
		add(append([]string{"ZADD", "zset:skip"}, many(200, func(i int) []string { return []string{fmt.Sprint(float64(i) / 3), fmt.Sprint("m", i)} })...)...)
		add("ZADD", "zset:longmember", "1", strings.Repeat("m", 100))
		add("HSET", "hash:lp", "f1", "v1", "f2", "2", "f3", "")
		add(append([]string{"HSET", "hash:big"}, many(600, func(i int) []string { return []string{fmt.Sprint("f", i), fmt.Sprint(i)} })...)...)
		add("HSET", "hash:longval", "f", strings.Repeat("v", 100))
		add(append([]string{"XADD", "stream:small", "1-1"}, "f", "v", "n", "1")...)
		add("XADD", "stream:small", "1-2", "f", "w", "n", "2")
		add("XADD", "stream:small", "2-0", "other", "fields")
		for i := 0; i < 250; i++ {
			add("XADD", "stream:big", fmt.Sprint(1000+i, "-0"), "field", fmt.Sprint("value-", i), "i", fmt.Sprint(i))
		}
		add("XDEL", "stream:big", "1005-0", "1100-0")
		add("XGROUP", "CREATE", "stream:big", "g1", "0")
		add("XGROUP", "CREATE", "stream:big", "g2", "$")
		add("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "3", "STREAMS", "stream:big", ">")
		add("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "2", "STREAMS", "stream:big", ">")
		add("XACK", "stream:big", "g1", "1001-0")
		add("XGROUP", "CREATE", "stream:empty", "g", "$", "MKSTREAM")
		add("PEXPIRE", "str:embstr", "86400000")
		add("EXPIRE", "list:small", "100000")
		add("PEXPIREAT", "hash:lp", "4102444800000")
		add("EXPIRE", "zset:skip", "5000")
	}
	add("SELECT", "0")
	return cmds
}

func load(t *testing.T, p *proc, cmds [][]string) {
	t.Helper()
	c := dial(t, p)
	defer c.Close()
	for _, cmd := range cmds {
		if r := c.do(cmd...); strings.HasPrefix(r, "-") {
			t.Fatalf("%s: %.40q: %s", p.name, cmd, r)
		}
	}
}

// snapshotOf renders every key of every database: type, encoding,
// absolute expiry and value (unordered collections sorted).
func snapshotOf(t *testing.T, p *proc) map[string]string {
	t.Helper()
	c := dial(t, p)
	defer c.Close()
	out := map[string]string{}
	for db := 0; db < 16; db++ {
		c.do("SELECT", fmt.Sprint(db))
		for _, key := range scanAll(c) {
			typ := c.do("TYPE", key)
			desc := typ + " " + c.do("OBJECT", "ENCODING", key) + " exp=" + c.do("PEXPIRETIME", key) + " "
			switch typ {
			case "+string":
				desc += c.do("GET", key)
			case "+list":
				desc += c.do("LRANGE", key, "0", "-1")
			case "+set":
				desc += sortedReply(c, "SMEMBERS", key)
			case "+zset":
				desc += c.do("ZRANGE", key, "0", "-1", "WITHSCORES")
			case "+hash":
				desc += sortedReply(c, "HGETALL", key)
			case "+stream":
				// radix-tree-nodes describes Redis's memory layout, which a
				// load rebuilds differently; it is not part of the data.
				full := c.do("XINFO", "STREAM", key, "FULL")
				full = radixNodes.ReplaceAllString(full, `"radix-tree-nodes" :?`)
				desc += c.do("XRANGE", key, "-", "+") + " " + full
			}
			out[fmt.Sprintf("%d/%q", db, key)] = desc
		}
	}
	return out
}

func sortedReply(c *rawConn, args ...string) string {
	if err := c.send(encode(args)); err != nil {
		return "<write error>"
	}
	return c.read(true)
}

func scanAll(c *rawConn) []string {
	var keys []string
	cursor := "0"
	for {
		if err := c.send(encode([]string{"SCAN", cursor, "COUNT", "1000"})); err != nil {
			return keys
		}
		s, err := readScan(c)
		if err != nil {
			return keys
		}
		keys = append(keys, s.keys...)
		if cursor = s.cursor; cursor == "0" {
			sort.Strings(keys)
			return keys
		}
	}
}

type scanPage struct {
	cursor string
	keys   []string
}

// readScan parses a SCAN reply: *2, the cursor bulk, an array of bulks.
func readScan(c *rawConn) (scanPage, error) {
	var pg scanPage
	if _, err := readLine(c.br); err != nil { // *2
		return pg, err
	}
	cur, err := readBulkLine(c)
	if err != nil {
		return pg, err
	}
	pg.cursor = cur
	head, err := readLine(c.br)
	if err != nil {
		return pg, err
	}
	var n int
	fmt.Sscanf(head, "*%d", &n)
	for i := 0; i < n; i++ {
		k, err := readBulkLine(c)
		if err != nil {
			return pg, err
		}
		pg.keys = append(pg.keys, k)
	}
	return pg, nil
}

func readBulkLine(c *rawConn) (string, error) {
	l, err := readLine(c.br)
	if err != nil {
		return "", err
	}
	var n int
	fmt.Sscanf(l, "$%d", &n)
	if n < 0 {
		return "", fmt.Errorf("null bulk %q", l)
	}
	buf := make([]byte, n+2)
	if _, err := io.ReadFull(c.br, buf); err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}

func sameDataset(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("%s: empty reference dataset", what)
	}
	for k, w := range want {
		if strings.Contains(w, "<") || !strings.HasPrefix(w, "+") {
			t.Fatalf("%s: reference key %s unreadable: %.200s", what, k, w)
		}
	}
	if w := want[`0/"hash:big"`]; !strings.HasPrefix(w, `+hash "hashtable" exp=:-1 *1200[`) {
		t.Fatalf("%s: reference dataset lacks the big hash: %.100s", what, w)
	}
	bad := 0
	for k, w := range want {
		if g := got[k]; g != w {
			if bad++; bad <= 5 {
				at := diffAt(g, w)
				t.Errorf("%s: key %s differs at byte %d:\n got  ...%.300s\n want ...%.300s", what, k, at, g[at:], w[at:])
			}
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			if bad++; bad <= 5 {
				t.Errorf("%s: extra key %s", what, k)
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%s: %d keys differ (of %d)", what, bad, len(want))
	}
	t.Logf("%s: %d keys identical", what, len(want))
}

var radixNodes = regexp.MustCompile(`"radix-tree-nodes" :\d+`)

// diffAt is where a and b start to differ, backed up a little for context.
func diffAt(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return max(0, i-60)
}

// Strata SAVE -> redis-check-rdb OK -> redis-server 7.0.15 loads it ->
// the same dataset, key by key.
func TestRDBStrataToRedis(t *testing.T) {
	needRedis(t)
	needTool(t, "redis-check-rdb")
	strata, sdir := startWithDir(t, "strata", "")
	load(t, strata, rdbDataset())
	c := dial(t, strata)
	if r := c.do("SAVE"); r != "+OK" {
		t.Fatalf("SAVE: %s", r)
	}
	c.Close()
	file := filepath.Join(sdir, "dump.rdb")
	out, err := runCmd(t, nil, "redis-check-rdb", file)
	if err != nil || !strings.Contains(out, "RDB looks OK") {
		t.Fatalf("redis-check-rdb: %v\n%s", err, out)
	}
	redis, _ := startWithDir(t, "redis", file)
	sameDataset(t, "redis loading Strata's dump.rdb", snapshotOf(t, redis), snapshotOf(t, strata))
}

// redis-server 7.0.15 SAVE -> Strata loads it -> the same dataset.
func TestRDBRedisToStrata(t *testing.T) {
	needRedis(t)
	redis, rdir := startWithDir(t, "redis", "")
	load(t, redis, rdbDataset())
	c := dial(t, redis)
	if r := c.do("SAVE"); r != "+OK" {
		t.Fatalf("SAVE: %s", r)
	}
	c.Close()
	strata, _ := startWithDir(t, "strata", filepath.Join(rdir, "dump.rdb"))
	sameDataset(t, "Strata loading redis's dump.rdb", snapshotOf(t, strata), snapshotOf(t, redis))
}

// DUMP from one server, RESTORE into the other, both ways, every key.
func TestDumpRestoreBetweenServers(t *testing.T) {
	needRedis(t)
	redis, _ := startWithDir(t, "redis", "")
	strata, _ := startWithDir(t, "strata", "")
	for _, dir := range [][2]*proc{{redis, strata}, {strata, redis}} {
		from, to := dir[0], dir[1]
		flushAll(t, from)
		flushAll(t, to)
		load(t, from, rdbDataset())
		src, dst := dial(t, from), dial(t, to)
		n := 0
		for db := 0; db < 16; db++ {
			src.do("SELECT", fmt.Sprint(db))
			dst.do("SELECT", fmt.Sprint(db))
			for _, key := range scanAll(src) {
				p, err := dumpRaw(src, key)
				if err != nil {
					t.Fatalf("DUMP %q from %s: %v", key, from.name, err)
				}
				at := strings.TrimPrefix(src.do("PEXPIRETIME", key), ":")
				ttl := "0"
				args := []string{"RESTORE", key, ttl, p}
				if at != "-1" {
					args = []string{"RESTORE", key, at, p, "ABSTTL"}
				}
				if r := dst.do(args...); r != "+OK" {
					t.Fatalf("RESTORE %q into %s: %s", key, to.name, r)
				}
				n++
			}
		}
		src.Close()
		dst.Close()
		sameDataset(t, fmt.Sprintf("DUMP %s -> RESTORE %s (%d keys)", from.name, to.name, n),
			snapshotOf(t, to), snapshotOf(t, from))
	}
}

// dumpRaw returns DUMP's payload bytes.
func dumpRaw(c *rawConn, key string) (string, error) {
	if err := c.send(encode([]string{"DUMP", key})); err != nil {
		return "", err
	}
	return readBulkLine(c)
}
