//go:build interop

package interop

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The AOF round trips of issue 6 against redis-server 7.0.15 and
// redis-check-aof: Strata's appendonlydir (every type, TTLs, transactions,
// a rewrite with and without preamble, then more INCR writes) passes
// redis-check-aof and loads in redis-server to the same dataset; Redis's
// loads in Strata, also with a torn last INCR file. And kill -9 cycles on
// the real binary under appendfsync always.

// startAOFProc starts name with appendonly yes in a fresh data directory
// into which the AOF directory from (if any) is copied first.
func startAOFProc(t *testing.T, name, from string, extra ...string) (*proc, string) {
	t.Helper()
	var dir string
	bin, args := "redis-server", func(port int, d string) []string {
		dir = d
		if from != "" {
			copyTree(t, from, filepath.Join(d, "appendonlydir"))
		}
		return append([]string{"--save", "", "--appendonly", "yes", "--port", fmt.Sprint(port),
			"--bind", "127.0.0.1", "--dir", d, "--enable-debug-command", "yes"}, extra...)
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

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	names, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(src, n.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, n.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// aofHistory builds the dataset, rewrites, and writes more on top:
// INCRs, a transaction across databases, expiries and deletes.
func aofHistory(t *testing.T, p *proc, streams bool) {
	t.Helper()
	data := rdbDataset()
	if !streams {
		// Without streams a RESP base stays RESP (Strata writes streams
		// only in RDB form).
		data = slices.DeleteFunc(data, func(c []string) bool { return c[0][0] == 'X' })
	}
	load(t, p, data)
	c := dial(t, p)
	defer c.Close()
	if r := c.do("BGREWRITEAOF"); !strings.HasPrefix(r, "+Background append only file rewriting") {
		t.Fatalf("%s BGREWRITEAOF: %s", p.name, r)
	}
	waitNoRewrite(t, c)
	load(t, p, [][]string{
		{"INCR", "after:ctr"}, {"INCRBY", "after:ctr", "41"}, {"SET", "after:px", "v", "PX", "900000"},
		{"MULTI"}, {"SET", "tx:a", "1"}, {"SELECT", "3"}, {"LPUSH", "tx:l", "x", "y"}, {"EXEC"},
		{"SELECT", "0"}, {"DEL", "str:raw"}, {"HINCRBYFLOAT", "hash:lp", "f2", "0.5"},
		{"EXPIRE", "set:ht", "100000"}, {"ZINCRBY", "zset:lp", "2", "a"}, {"RPOP", "list:big"},
	})
}

func waitNoRewrite(t *testing.T, c *rawConn) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if info := c.do("INFO", "persistence"); strings.Contains(info, "aof_rewrite_in_progress:0") &&
			strings.Contains(info, "aof_rewrite_scheduled:0") {
			if !strings.Contains(info, "aof_last_bgrewrite_status:ok") {
				t.Fatalf("rewrite failed:\n%s", info)
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("rewrite did not finish")
}

func checkAOF(t *testing.T, dir string) {
	t.Helper()
	out, err := runCmd(t, nil, "redis-check-aof", filepath.Join(dir, "appendonlydir", "appendonly.aof.manifest"))
	if err != nil || !strings.Contains(out, "is valid") {
		t.Fatalf("redis-check-aof: %v\n%s", err, out)
	}
}

// Strata's AOF dir -> redis-check-aof OK -> redis-server loads the same dataset.
func TestAOFStrataToRedis(t *testing.T) {
	needRedis(t)
	needTool(t, "redis-check-aof")
	for _, tc := range []struct {
		preamble string
		streams  bool
	}{{"yes", true}, {"no", true}, {"no", false}} {
		t.Run(fmt.Sprintf("preamble-%s-streams-%v", tc.preamble, tc.streams), func(t *testing.T) {
			strata, sdir := startAOFProc(t, "strata", "", "--appendfsync", "always", "--aof-use-rdb-preamble", tc.preamble)
			aofHistory(t, strata, tc.streams)
			if !tc.streams {
				if names, _ := filepath.Glob(filepath.Join(sdir, "appendonlydir", "*.base.aof")); len(names) != 1 {
					t.Fatalf("no RESP base: %v", names)
				}
			}
			want := snapshotOf(t, strata)
			strata.stop()
			checkAOF(t, sdir)
			redis, _ := startAOFProc(t, "redis", filepath.Join(sdir, "appendonlydir"))
			sameDataset(t, "redis loading Strata's AOF", snapshotOf(t, redis), want)
		})
	}
}

// A Strata killed with SIGKILL leaves its last INCR file ending in the
// zeros it had reserved (strata-aof-reserve). Strata loads that directory
// as it is; redis-server 7.0.15 and redis-check-aof call the zeros a
// format error, and once redis-check-aof --fix has cut them redis-server
// loads the same dataset (docs/durability.md, "Reserved space").
func TestAOFKilledStrataToRedis(t *testing.T) {
	needRedis(t)
	needTool(t, "redis-check-aof")
	strata, sdir := startAOFProc(t, "strata", "", "--appendfsync", "always")
	aofHistory(t, strata, true)
	want := snapshotOf(t, strata)
	strata.cmd.Process.Kill()
	<-strata.done
	names, _ := filepath.Glob(filepath.Join(sdir, "appendonlydir", "*.incr.aof"))
	reserved := false
	for _, n := range names {
		if st, err := os.Stat(n); err == nil && st.Size() > 0 && st.Size()%(4<<20) == 0 {
			reserved = true
		}
	}
	if !reserved {
		t.Fatalf("no INCR file of %v ends in reserved space after SIGKILL", names)
	}
	manifest := filepath.Join(sdir, "appendonlydir", "appendonly.aof.manifest")
	if out, err := runCmd(t, nil, "redis-check-aof", manifest); err == nil || !strings.Contains(out, "format error") {
		t.Fatalf("redis-check-aof on the zeros: %v\n%s", err, out)
	}
	again, _ := startAOFProc(t, "strata", filepath.Join(sdir, "appendonlydir"))
	sameDataset(t, "Strata loading its killed AOF", snapshotOf(t, again), want)
	again.stop()

	if out, err := runCmd(t, []byte("y\n"), "redis-check-aof", "--fix", manifest); err != nil || !strings.Contains(out, "Successfully truncated") {
		t.Fatalf("redis-check-aof --fix: %v\n%s", err, out)
	}
	checkAOF(t, sdir)
	redis, _ := startAOFProc(t, "redis", filepath.Join(sdir, "appendonlydir"))
	sameDataset(t, "redis loading Strata's killed AOF after redis-check-aof --fix", snapshotOf(t, redis), want)
}

// redis-server's AOF dir -> Strata loads the same dataset; with the last
// INCR file torn, both load the same prefix.
func TestAOFRedisToStrata(t *testing.T) {
	needRedis(t)
	for _, preamble := range []string{"yes", "no"} {
		t.Run("preamble-"+preamble, func(t *testing.T) {
			redis, rdir := startAOFProc(t, "redis", "", "--appendfsync", "always", "--aof-use-rdb-preamble", preamble)
			aofHistory(t, redis, true)
			want := snapshotOf(t, redis)
			redis.stop()
			strata, _ := startAOFProc(t, "strata", filepath.Join(rdir, "appendonlydir"))
			got := snapshotOf(t, strata)
			if preamble == "no" {
				// Redis rewrites stream consumers as XCLAIM/CREATECONSUMER,
				// so their seen-time becomes the load time, in Redis too.
				got, want = withoutSeenTime(got), withoutSeenTime(want)
			}
			sameDataset(t, "Strata loading redis's AOF", got, want)
			strata.stop()

			torn := filepath.Join(t.TempDir(), "appendonlydir")
			copyTree(t, filepath.Join(rdir, "appendonlydir"), torn)
			tearLastIncr(t, torn)
			r2, _ := startAOFProc(t, "redis", torn)
			s2, _ := startAOFProc(t, "strata", torn)
			sameDataset(t, "torn AOF: Strata vs redis", withoutSeenTime(snapshotOf(t, s2)), withoutSeenTime(snapshotOf(t, r2)))
		})
	}
}

var seenTime = regexp.MustCompile(`"seen-time" :\d+`)

func withoutSeenTime(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = seenTime.ReplaceAllString(v, `"seen-time" :0`)
	}
	return out
}

// tearLastIncr cuts the newest INCR file in the middle of its last command.
func tearLastIncr(t *testing.T, dir string) {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, "*.incr.aof"))
	last, best := "", -1
	for _, n := range names {
		parts := strings.Split(filepath.Base(n), ".")
		if seq, _ := strconv.Atoi(parts[len(parts)-3]); seq > best {
			last, best = n, seq
		}
	}
	data, err := os.ReadFile(last)
	if err != nil || len(data) < 20 {
		t.Fatalf("incr file %s: %v (%d bytes)", last, err, len(data))
	}
	if err := os.WriteFile(last, data[:len(data)-7], 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestAOFKill9 kills the real binary with SIGKILL while many clients INCR
// under appendfsync always (with rewrites going on), restarts it on the
// same directory and checks no acknowledged increment was lost, 20 times.
func TestAOFKill9(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 3))
	dir := t.TempDir()
	const clients = 16
	acked := make([]int64, clients)
	// restart starts the server on the directory the last cycle killed
	// and checks that every increment acknowledged before is there.
	restart := func(cycle int) (*proc, *rawConn) {
		p := startStrataIn(t, dir)
		c := dial(t, p)
		for i := 0; i < clients; i++ {
			v := bulkInt(c.do("GET", fmt.Sprint("kill:", i)))
			if v < acked[i] {
				t.Fatalf("cycle %d: kill:%d = %d after restart, %d acknowledged", cycle, i, v, acked[i])
			}
			acked[i] = v
		}
		return p, c
	}
	const cycles = 20
	for cycle := 0; cycle < cycles; cycle++ {
		p, c := restart(cycle)
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := 0; i < clients; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				cc := dial(t, p)
				defer cc.Close()
				for {
					r := cc.do("INCR", fmt.Sprint("kill:", i))
					if !strings.HasPrefix(r, ":") {
						return // the server is gone
					}
					v, _ := strconv.ParseInt(r[1:], 10, 64)
					mu.Lock()
					acked[i] = max(acked[i], v)
					mu.Unlock()
				}
			}(i)
		}
		time.Sleep(time.Duration(50+rng.IntN(300)) * time.Millisecond)
		if point := crashCycle[cycle%len(crashCycle)]; point != "" {
			// The server kills itself at that point of the rewrite. An
			// automatic rewrite already under way may reach the point
			// before the reply to DEBUG goes out: the crash this cycle
			// wants, only sooner.
			if r := c.do("DEBUG", "AOF-CRASH-AT", point); r == "+OK" {
				c.do("BGREWRITEAOF")
			} else {
				t.Logf("cycle %d: DEBUG AOF-CRASH-AT answered %s (a running rewrite crashed first?)", cycle, r)
			}
			select {
			case <-p.done:
			case <-time.After(30 * time.Second):
				t.Fatalf("cycle %d: no crash at %s", cycle, point)
			}
		} else {
			p.cmd.Process.Kill()
			<-p.done
		}
		wg.Wait()
		c.Close()
	}
	// The last kill is checked too.
	p, c := restart(cycles)
	defer p.stop()
	defer c.Close()
	var total int64
	for _, v := range acked {
		total += v
	}
	t.Logf("%d kills, %d increments acknowledged over them, none lost", cycles, total)
}

// bulkInt reads a quoted bulk reply holding an integer; 0 for a nil.
// crashCycle says how each kill -9 cycle ends: SIGKILL from outside at a
// random moment (""), or the server's own SIGKILL at a point of a rewrite.
var crashCycle = []string{"", "rewrite-after-rotate", "rewrite-base-written", "rewrite-installed"}

func bulkInt(r string) int64 {
	s, err := strconv.Unquote(r)
	if err != nil {
		return 0
	}
	v, _ := strconv.ParseInt(s, 10, 64)
	return v
}

func startStrataIn(t *testing.T, dir string) *proc {
	t.Helper()
	p, err := start("strata", strataBin, func(port int, _ string) []string {
		return []string{"server", "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--dir", dir,
			"--appendonly", "yes", "--appendfsync", "always", "--save", "",
			"--auto-aof-rewrite-min-size", "65536", "--enable-debug-command", "yes"}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.stop)
	return p
}
