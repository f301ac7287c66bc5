package engine

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/resp"
)

// Request arguments alias the connection's read buffer, which is reused
// for the next request. A command that keeps an argument without copying
// it (a map key, a stored value, "" + arg which is arg itself in Go) would
// see it change later. This runs every write command's random workload on
// two engines, scribbling over the arguments after each command on one of
// them, and requires the same content.
func TestCommandsDoNotKeepRequestBuffers(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(uint64(seed), 3))
	clock := time.UnixMilli(1_700_000_000_000)
	now := func() time.Time { return clock }
	a, b := New(Options{Now: now}), New(Options{Now: now})
	r := &replayRand{Rand: rng, now: func() int64 { return clock.UnixMilli() }}
	total := 0
	for _, g := range replayGens {
		total += g.weight
	}
	for i := 0; i < 30000; i++ {
		clock = clock.Add(time.Duration(rng.IntN(8)) * time.Millisecond)
		argv := pickGen(rng, total).gen(r)
		db := rng.IntN(4)
		// Both engines make the same random choices (RANDOMKEY finding an
		// expired key, SPOP's member), so only aliasing can tell them apart.
		draw := rng.Uint64()
		testRand = rand.New(rand.NewPCG(draw, 1))
		execArgv(b, db, argv)
		testRand = rand.New(rand.NewPCG(draw, 1))
		execScribbled(a, db, argv)
	}
	testRand = nil
	if diff := compareEngines(a, b); diff != "" {
		t.Fatalf("seed %d: a command kept a request buffer: %s", seed, diff)
	}
}

func execScribbled(e *Engine, db int, argv []string) {
	args := make([][]byte, len(argv))
	for i, a := range argv {
		args[i] = []byte(a)
	}
	cmd := Lookup(args[0])
	if cmd == nil || !cmd.CheckArity(len(args)) {
		return
	}
	e.Lock()
	e.Exec(&Ctx{DB: e.DB(db), Cmd: cmd, Args: args, W: resp.NewWriter()})
	e.Unlock()
	for _, a := range args {
		for j := range a {
			a[j] = '#'
		}
	}
}
