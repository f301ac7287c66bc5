// Package torture is a crash-recovery harness for any Redis-compatible
// server. It starts the server from a command template, lets concurrent
// clients write while keeping an exact ledger of what was acknowledged
// (strings, counters, lists, hashes, sorted sets, MULTI/EXEC), kills the
// server with SIGKILL at random moments (some during BGSAVE or
// BGREWRITEAOF), restarts it on the same directory and checks that the
// recovered data is exactly what some prefix of each client's operations
// leads to: with appendfsync always, a prefix that holds every
// acknowledged operation; with everysec, the acknowledged operations lost
// and the age of the oldest of them (the loss window). Torn-tail trials
// also cut the last AOF file at a random offset before the restart: the
// server must start and recover a consistent prefix.
//
// The harness only ever kills the process group it started, listens
// nowhere, and works in its own temporary directory.
package torture

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/strata-db/strata/tools/rclient"
)

// Options configure a run.
type Options struct {
	// ServerCmd is the server's command line with {port}, {dir} and
	// {fsync} placeholders; it is run with sh -c.
	ServerCmd string
	Fsync     string        // appendfsync policy: always, everysec or no
	Trials    int           // kill trials, default 10
	Torn      int           // torn-tail trials (after the kill trials), default 3
	Clients   int           // concurrent writers, default 4
	MaxRun    time.Duration // longest write phase of a trial, default 800ms
	Seed      uint64        // 0 picks one (logged)
	Dir       string        // work directory; a temporary one if ""
	AOFDir    string        // appenddirname, default appendonlydir
	Log       *slog.Logger
	// MaxWindow is the loss window allowed under everysec, default 2.5s.
	MaxWindow time.Duration
}

func (o *Options) defaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Trials, 10)
	def(&o.Torn, 3)
	def(&o.Clients, 4)
	if o.MaxRun <= 0 {
		o.MaxRun = 800 * time.Millisecond
	}
	if o.Seed == 0 {
		o.Seed = rand.Uint64()
	}
	if o.AOFDir == "" {
		o.AOFDir = "appendonlydir"
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.MaxWindow <= 0 {
		o.MaxWindow = 2500 * time.Millisecond
	}
	if o.Fsync == "" {
		o.Fsync = "always"
	}
}

// Trial is one row of the summary.
type Trial struct {
	N         int
	Kind      string // kill, kill-during-bgsave, kill-during-bgrewriteaof, torn-tail
	Attempted int    // operations sent
	Acked     int    // operations acknowledged
	Checked   int    // acknowledged operations found in the recovered data
	Lost      int    // acknowledged operations not found
	Window    time.Duration
	Keys      int // keys compared (this trial's and every earlier one's)
	Err       string
}

// OK reports whether the trial met the policy's promise.
func (t *Trial) OK() bool { return t.Err == "" }

// Result is a run's outcome.
type Result struct {
	Seed   uint64
	Fsync  string
	Trials []Trial
}

// Passed reports whether every trial passed.
func (r *Result) Passed() bool {
	for i := range r.Trials {
		if !r.Trials[i].OK() {
			return false
		}
	}
	return len(r.Trials) > 0
}

// Run runs the trials. An error means the harness could not run (the
// server would not start at all); failed checks are in the Result.
func Run(opts Options) (*Result, error) {
	opts.defaults()
	dir := opts.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "strata-torture-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	srv := &server{template: opts.ServerCmd, port: port, dir: filepath.Join(dir, "data"), fsync: opts.Fsync,
		logPath: filepath.Join(dir, "server.log")}
	if err := os.MkdirAll(srv.dir, 0o755); err != nil {
		return nil, err
	}
	h := &harness{opts: opts, srv: srv, rng: rand.New(rand.NewPCG(opts.Seed, 7)), settled: map[string]string{}}
	opts.Log.Info("torture start", "seed", opts.Seed, "fsync", opts.Fsync, "cmd", srv.commandLine())
	if err := srv.start(30 * time.Second); err != nil {
		return nil, err
	}
	defer srv.kill()
	res := &Result{Seed: opts.Seed, Fsync: opts.Fsync}
	for i := 1; i <= opts.Trials+opts.Torn; i++ {
		t := h.trial(i, i > opts.Trials)
		opts.Log.Info("trial", "n", t.N, "kind", t.Kind, "acked", t.Acked, "checked", t.Checked, "lost", t.Lost, "err", t.Err)
		res.Trials = append(res.Trials, t)
	}
	return res, nil
}

// harness carries state across trials: keys of finished trials must keep
// the values they were verified with.
type harness struct {
	opts    Options
	srv     *server
	rng     *rand.Rand
	settled map[string]string
}

func (h *harness) trial(n int, torn bool) Trial {
	t := Trial{N: n, Kind: h.pickKind(torn)}
	ledgers := make([]*clientLedger, h.opts.Clients)
	for i := range ledgers {
		ledgers[i] = &clientLedger{prefix: fmt.Sprintf("tt:%d:%d:", n, i)}
	}
	mark := h.lastAOF()
	killAt := h.write(ledgers, t.Kind)
	if torn {
		if err := h.cutTail(mark); err != nil {
			t.Err = err.Error()
			return t
		}
	}
	if err := h.srv.start(60 * time.Second); err != nil {
		t.Err = "restart: " + err.Error()
		return t
	}
	h.check(&t, ledgers, killAt, torn)
	return t
}

func (h *harness) pickKind(torn bool) string {
	if torn {
		return "torn-tail"
	}
	return [...]string{"kill", "kill", "kill-during-bgsave", "kill-during-bgrewriteaof"}[h.rng.IntN(4)]
}

// write runs the clients until the server is killed and returns when.
func (h *harness) write(ledgers []*clientLedger, kind string) time.Time {
	var wg sync.WaitGroup
	for i, l := range ledgers {
		wg.Add(1)
		seed := h.rng.Uint64()
		go func() {
			defer wg.Done()
			runClient(h.srv.addr(), l, rand.New(rand.NewPCG(seed, uint64(i))))
		}()
	}
	time.Sleep(time.Duration(h.rng.Int64N(int64(h.opts.MaxRun))) + 50*time.Millisecond)
	if kind != "kill" && kind != "torn-tail" {
		cmd := map[string]string{"kill-during-bgsave": "BGSAVE", "kill-during-bgrewriteaof": "BGREWRITEAOF"}[kind]
		if c, err := rclient.Dial(h.srv.addr(), time.Second); err == nil {
			c.Do(cmd)
			c.Close()
		}
		time.Sleep(time.Duration(h.rng.IntN(30)) * time.Millisecond)
	}
	killAt := time.Now()
	h.srv.kill()
	wg.Wait()
	return killAt
}

// runClient sends operations one at a time until the connection fails,
// recording each in the ledger before it is sent and marking it
// acknowledged when every reply came back without error.
func runClient(addr string, l *clientLedger, r *rand.Rand) {
	c, err := rclient.Dial(addr, time.Second)
	if err != nil {
		return
	}
	defer c.Close()
	for {
		o := l.next(r)
		l.ops = append(l.ops, o)
		reps, err := c.Pipeline(l.commands(o))
		if err != nil {
			return
		}
		for _, rep := range reps {
			if rep.Type == '-' {
				return
			}
		}
		l.ops[len(l.ops)-1].acked, l.ops[len(l.ops)-1].ackAt = true, time.Now()
	}
}
