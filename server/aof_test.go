package server

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

var aofSeed = flag.Uint64("aof-seed", 0, "seed for the AOF crash tests (0: from the clock)")

// startAOF starts a server with the AOF on fs under /data.
func startAOF(t testing.TB, fs vfs.FS, directives ...string) *Server {
	t.Helper()
	cfg := NewConfig()
	args := append([]string{"--port", "0", "--appendonly", "yes", "--save", "", "--dir", "/data",
		"--enable-debug-command", "yes", "--hz", "100"}, directives...)
	if err := cfg.Load("", args); err != nil {
		t.Fatal(err)
	}
	if err := fs.MkdirAll("/data", 0o755); err != nil {
		t.Fatal(err)
	}
	// The data directory exists before the server does: make its entry
	// durable, as on a real disk where it was created long ago.
	if d, err := fs.OpenDir("/"); err == nil {
		_ = d.Sync()
		d.Close()
	}
	s, err := New(Options{Config: cfg, Logger: NewLogger(io.Discard, "warning"), FS: fs})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	// NB: a server left running keeps its cron (hz 100) and its clients'
	// goroutines busy under the tests that follow, some of which measure
	// scheduling on one processor. Close is idempotent; the log's files
	// are left as the test left them.
	t.Cleanup(func() { s.Close() })
	return s
}

func stop(t testing.TB, s *Server) {
	t.Helper()
	s.Close()
	if err := s.closePersistence(); err != nil {
		t.Fatal(err)
	}
}

// infoField returns a field of INFO persistence, "" when absent.
func infoField(c *testConn, name string) string {
	v, _ := lookupInfo(c, "persistence", name)
	return v
}

// TestAOFRestartEveryType writes every type, TTLs and a transaction, with
// a rewrite in the middle, and checks a restart reaches the same digest.
func TestAOFRestartEveryType(t *testing.T) {
	for _, preamble := range []string{"yes", "no"} {
		t.Run("preamble-"+preamble, func(t *testing.T) {
			fs := vfs.NewMem()
			s := startAOF(t, fs, "--appendfsync", "always", "--aof-use-rdb-preamble", preamble)
			c := dial(t, s)
			writeEveryType(c, "a")
			c.expect("Background append only file rewriting started", "BGREWRITEAOF")
			waitRewrite(t, c)
			writeEveryType(c, "b")
			c.expect("OK", "MULTI")
			c.expect("QUEUED", "INCR", "ctr")
			c.expect("QUEUED", "LPUSH", "l:a", "x")
			c.expect("[1 4]", "EXEC")
			want := c.do("DEBUG", "DIGEST")
			stop(t, s)
			s2 := startAOF(t, fs)
			defer stop(t, s2)
			if got := dial(t, s2).do("DEBUG", "DIGEST"); got != want {
				t.Fatalf("digest after restart %s, want %s", got, want)
			}
		})
	}
}

func writeEveryType(c *testConn, p string) {
	c.expect("OK", "SET", "s:"+p, "v")
	c.expect("OK", "SET", "t:"+p, "v", "PX", "100000")
	c.do("RPUSH", "l:"+p, "1", "2", "3")
	c.do("SADD", "set:"+p, "a", "b", "3")
	c.do("HSET", "h:"+p, "f", "v", "g", "w")
	c.do("ZADD", "z:"+p, "1.5", "m", "-inf", "n")
	c.do("EXPIRE", "h:"+p, "1000")
	c.do("SELECT", "3")
	c.do("SET", "db3:"+p, "x")
	c.do("SELECT", "0")
}

func waitRewrite(t testing.TB, c *testConn) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if infoField(c, "aof_rewrite_in_progress") == "0" {
			if st := infoField(c, "aof_last_bgrewrite_status"); st != "ok" {
				t.Fatalf("rewrite status %s", st)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("rewrite did not finish")
}

// TestAOFCrashAlwaysKeepsAcked: under appendfsync always, several clients
// INCR counters while crash images of the FS are taken at random moments
// (including during rewrites); each image must recover to counters at
// least as high as every acknowledged INCR and no higher than attempted.
func TestAOFCrashAlwaysKeepsAcked(t *testing.T) {
	seed := *aofSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	fs := vfs.NewCrashableMem()
	s := startAOF(t, fs, "--appendfsync", "always", "--auto-aof-rewrite-min-size", "4096",
		"--auto-aof-rewrite-percentage", "50")
	const clients, keys = 4, 4
	var mu sync.Mutex
	acked := make([]int, keys)     // highest acknowledged value per key
	attempted := make([]int, keys) // INCRs sent per key
	var wg sync.WaitGroup
	stopc := make(chan struct{})
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := dial(t, s)
			for n := 0; ; n++ {
				select {
				case <-stopc:
					return
				default:
				}
				k := (i + n) % keys
				mu.Lock()
				attempted[k]++
				mu.Unlock()
				v, err := strconv.Atoi(c.do("INCR", "k"+strconv.Itoa(k)))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked[k] = max(acked[k], v)
				mu.Unlock()
			}
		}(i)
	}
	type image struct {
		fs        *vfs.MemFS
		acked     []int
		attempted []int
	}
	var images []image
	for i := 0; i < 30; i++ {
		time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
		mu.Lock()
		a := append([]int(nil), acked...)
		mu.Unlock()
		clone := fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: rng.IntN(100), RNG: rand.New(rand.NewPCG(rng.Uint64(), 2))})
		mu.Lock()
		images = append(images, image{clone, a, append([]int(nil), attempted...)})
		mu.Unlock()
	}
	close(stopc)
	wg.Wait()
	stop(t, s)
	if testing.Verbose() {
		fmt.Println("original:")
		dumpDir(fs)
		fmt.Println("--")
	}
	for i, im := range images {
		s2 := startAOF(t, im.fs)
		c := dial(t, s2)
		for k := 0; k < keys; k++ {
			got, _ := strconv.Atoi(c.do("GET", "k"+strconv.Itoa(k)))
			if got < im.acked[k] || got > im.attempted[k]+clients {
				t.Errorf("image %d key %d: recovered %d, acknowledged %d, attempted %d", i, k, got, im.acked[k], im.attempted[k])
				if k == 0 && testing.Verbose() {
					dumpDir(im.fs)
				}
			}
		}
		stop(t, s2)
	}
	if testing.Verbose() {
		fmt.Println("images checked:", len(images))
	}
}

func dumpDir(fs vfs.FS) {
	names, _ := fs.List("/data/appendonlydir")
	for _, n := range names {
		st, _ := fs.Stat("/data/appendonlydir/" + n)
		fmt.Println(n, st.Size())
	}
	f, err := fs.Open("/data/appendonlydir/appendonly.aof.manifest")
	if err == nil {
		b, _ := io.ReadAll(f)
		fmt.Print(string(b))
	}
}
