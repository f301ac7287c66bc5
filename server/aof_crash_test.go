package server

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/crashtest"
	"github.com/strata-db/strata/recovery"
)

// crashModel is what the clients of a crash run have done, as seen at the
// instant of each crash point.
type crashModel struct {
	mu        *sync.Mutex
	attempted []int64 // INCRs sent per counter
	acked     []int64 // last acknowledged value per counter
	read      []int64 // highest value any reader saw per counter
	txnAcked  int64   // acknowledged MULTI/EXEC pairs
}

func newCrashModel(counters int) *crashModel {
	return &crashModel{mu: new(sync.Mutex), attempted: make([]int64, counters), acked: make([]int64, counters),
		read: make([]int64, counters)}
}

// crashImages is an errorfs.Injector that, while armed, takes a crash
// image of mem before every file operation (what was synced plus a random
// share, keepMin to keepMin+keepSpan percent, of the unsynced blocks),
// recovers it and checks it against the model (checkCrashImage).
type crashImages struct {
	t                *testing.T
	mem              *vfs.MemFS
	model            *crashModel
	keepMin, keepSpn int
	// weak: the policy may lose acknowledged writes; only the rest is
	// checked.
	weak             bool
	armed            atomic.Bool
	points, failures atomic.Int64
	onPoint          func() // called with each image, if set

	mu  sync.Mutex
	rng *rand.Rand
}

func newCrashImages(t *testing.T, mem *vfs.MemFS, model *crashModel, keepMin, keepSpan int) *crashImages {
	seed := *aofSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -aof-seed %d)", seed, seed)
	return &crashImages{t: t, mem: mem, model: model, keepMin: keepMin, keepSpn: keepSpan,
		rng: rand.New(rand.NewPCG(seed, 7))}
}

func (c *crashImages) MaybeError(op errorfs.Op) error {
	if !c.armed.Load() {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	want := c.model.snapshot()
	if c.weak {
		want.forgetAcknowledged()
	}
	img := c.mem.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: c.keepMin + c.rng.IntN(c.keepSpn),
		RNG: rand.New(rand.NewPCG(c.rng.Uint64(), 1))})
	c.points.Add(1)
	if c.onPoint != nil {
		c.onPoint()
	}
	if msg := checkCrashImage(img, want); msg != "" && c.failures.Add(1) <= 5 {
		c.t.Errorf("crash point %d (before %v %s): %s", c.points.Load(), op.Kind, op.Path, msg)
	}
	return nil
}

func (c *crashImages) String() string { return "crash images" }

func (m *crashModel) snapshot() crashModel {
	m.mu.Lock()
	defer m.mu.Unlock()
	return crashModel{mu: new(sync.Mutex), attempted: append([]int64(nil), m.attempted...), acked: append([]int64(nil), m.acked...),
		read: append([]int64(nil), m.read...), txnAcked: m.txnAcked}
}

// TestAOFCrashAtEveryFileOperation runs writers, readers and transactions
// under appendfsync always with rewrites going on, and before every file
// operation of the server takes a crash image of the disk (keeping only
// what was synced, plus a random share of the rest), recovers it and
// checks: every acknowledged write is there, nothing never attempted is,
// no value any reader saw is lost, and every transaction is all or
// nothing. Under everysec and no it checks all but the first and third.
func TestAOFCrashAtEveryFileOperation(t *testing.T) {
	for _, preamble := range []string{"yes", "no"} {
		t.Run("preamble-"+preamble, func(t *testing.T) { crashAtEveryOp(t, false, "--aof-use-rdb-preamble", preamble) })
	}
	// The log reserving its space ahead of its writes: crash images hold
	// zeros after the last command, in rotated files too.
	t.Run("reserve", func(t *testing.T) { crashAtEveryOp(t, true, "--strata-aof-reserve", "4096") })
	// Under everysec and no a crash may lose acknowledged writes (within
	// the policy's bound, tested apart), so only the rest is checked: the
	// image recovers, to a state no later than the attempts, with whole
	// transactions. Rewrites here start with unsynced bytes in the file
	// they leave.
	for _, policy := range []string{"everysec", "no"} {
		t.Run(policy, func(t *testing.T) {
			crashAtEveryOp(t, true, "--strata-aof-reserve", "4096", "--appendfsync", policy)
		})
	}
}

func crashAtEveryOp(t *testing.T, reserve bool, directives ...string) {
	const counters, opsPerClient = 3, 400
	mem := vfs.NewCrashableMem()
	model := newCrashModel(counters)
	imgs := newCrashImages(t, mem, model, 0, 60)
	imgs.weak = slices.Contains(directives, "--appendfsync") // always is the default below
	fs := errorfs.Wrap(mem, imgs)
	var serverFS vfs.FS = fs
	if reserve {
		serverFS = crashtest.ReservingFS(fs)
	}
	s := startAOF(t, serverFS, append([]string{"--appendfsync", "always", "--auto-aof-rewrite-min-size", "2048",
		"--auto-aof-rewrite-percentage", "100"}, directives...)...)
	imgs.armed.Store(true)
	var wg sync.WaitGroup
	for i := 0; i < counters; i++ {
		wg.Add(2)
		go func(i int) { defer wg.Done(); crashWriter(t, s, model, i, opsPerClient) }(i)
		go func(i int) { defer wg.Done(); crashReader(t, s, model, counters, opsPerClient) }(i)
	}
	wg.Add(1)
	go func() { defer wg.Done(); crashTxns(t, s, model, opsPerClient/2) }()
	wg.Wait()
	imgs.armed.Store(false)
	stop(t, s)
	t.Logf("%d crash points checked, %d failed", imgs.points.Load(), imgs.failures.Load())
	if r, ok := serverFS.(*crashtest.Reserving); ok && len(r.Truncates()) == 0 {
		t.Fatal("no file was cut back after reserving: the log never reserved space")
	}
	if imgs.points.Load() < 500 {
		t.Fatalf("only %d crash points", imgs.points.Load())
	}
}

// forgetAcknowledged drops what a policy weaker than always may lose in a
// crash: acknowledged and read values.
func (m *crashModel) forgetAcknowledged() {
	clear(m.acked)
	clear(m.read)
	m.txnAcked = 0
}

func crashWriter(t *testing.T, s *Server, m *crashModel, i, ops int) {
	c := dial(t, s)
	key := "k" + strconv.Itoa(i)
	for n := 0; n < ops; n++ {
		m.mu.Lock()
		m.attempted[i]++
		m.mu.Unlock()
		v, err := strconv.ParseInt(c.do("INCR", key), 10, 64)
		if err != nil {
			t.Error(err)
			return
		}
		m.mu.Lock()
		m.acked[i] = max(m.acked[i], v)
		m.mu.Unlock()
		if i == 0 && n%100 == 50 {
			c.do("BGREWRITEAOF")
		}
	}
}

func crashReader(t *testing.T, s *Server, m *crashModel, counters, ops int) {
	c := dial(t, s)
	for n := 0; n < ops; n++ {
		i := n % counters
		got := c.do("GET", "k"+strconv.Itoa(i))
		if got == "(nil)" {
			continue
		}
		v, err := strconv.ParseInt(got, 10, 64)
		if err != nil {
			t.Error(err)
			return
		}
		m.mu.Lock()
		m.read[i] = max(m.read[i], v)
		m.mu.Unlock()
	}
}

func crashTxns(t *testing.T, s *Server, m *crashModel, ops int) {
	c := dial(t, s)
	for n := 0; n < ops; n++ {
		c.send("MULTI")
		c.send("INCR", "ta")
		c.send("SELECT", "5")
		c.send("INCR", "tb")
		c.send("EXEC")
		for j := 0; j < 4; j++ {
			c.read()
		}
		if r := c.read(); len(r.Elems) != 3 {
			t.Errorf("EXEC: %v", r)
			return
		}
		c.do("SELECT", "0")
		m.mu.Lock()
		m.txnAcked++
		m.mu.Unlock()
	}
}

// checkCrashImage recovers img and compares it with the model.
func checkCrashImage(img *vfs.MemFS, want crashModel) string {
	e := engine.New(engine.Options{})
	if _, err := recovery.Recover(recovery.Options{FS: img, DataDir: "/data", Truncated: true, Engine: e}); err != nil {
		return "recovery failed: " + err.Error()
	}
	get := func(db int, key string) int64 {
		v := e.DB(db).Peek(key)
		if v == nil {
			return 0
		}
		n, _ := strconv.ParseInt(v.Str(), 10, 64)
		return n
	}
	for i := range want.acked {
		got := get(0, "k"+strconv.Itoa(i))
		if got < want.acked[i] || got < want.read[i] || got > want.attempted[i] {
			return fmt.Sprintf("k%d = %d; acknowledged %d, read %d, attempted %d", i, got, want.acked[i], want.read[i], want.attempted[i])
		}
	}
	ta, tb := get(0, "ta"), get(5, "tb")
	if ta != tb || ta < want.txnAcked {
		return fmt.Sprintf("transaction halves ta=%d tb=%d, %d acknowledged", ta, tb, want.txnAcked)
	}
	return ""
}

// TestAOFEverysecBound: under everysec, writes acknowledged more than two
// seconds before a crash survive it.
func TestAOFEverysecBound(t *testing.T) {
	mem := vfs.NewCrashableMem()
	s := startAOF(t, mem, "--appendfsync", "everysec")
	defer stop(t, s)
	c := dial(t, s)
	for i := 0; i < 200; i++ {
		c.expect("OK", "SET", "k"+strconv.Itoa(i), strconv.Itoa(i))
	}
	time.Sleep(2100 * time.Millisecond)
	c.expect("OK", "SET", "late", "1") // may be lost
	img := mem.CrashClone(vfs.CrashCloneCfg{})
	e := engine.New(engine.Options{})
	if _, err := recovery.Recover(recovery.Options{FS: img, DataDir: "/data", Truncated: true, Engine: e}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if v := e.DB(0).Peek("k" + strconv.Itoa(i)); v == nil || v.Str() != strconv.Itoa(i) {
			t.Fatalf("k%d lost", i)
		}
	}
}
