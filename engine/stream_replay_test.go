package engine

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Replay generators for the stream write commands (see replay_test.go),
// and a stream-only replay property that compares what the generic one
// cannot see: metadata, groups, pending entries and their owners.

func streamReplayGens() []replayGen {
	id := func(r *replayRand) string {
		switch r.IntN(4) {
		case 0:
			return strconv.FormatInt(r.now(), 10) + "-*"
		case 1:
			return strconv.FormatInt(r.now()-int64(r.IntN(50)), 10) + "-" + strconv.Itoa(r.IntN(3))
		}
		return "*"
	}
	anyID := func(r *replayRand) string {
		return strconv.FormatInt(r.now()-int64(r.IntN(400)), 10) + "-" + strconv.Itoa(r.IntN(2))
	}
	group := func(r *replayRand) string { return r.pick("g1", "g2") }
	cons := func(r *replayRand) string { return r.pick("alice", "bob", "carol") }
	return []replayGen{
		{"xadd", 8, func(r *replayRand) []string {
			argv := []string{"XADD", r.key()}
			if r.IntN(8) == 0 {
				argv = append(argv, "NOMKSTREAM")
			}
			switch r.IntN(6) {
			case 0:
				argv = append(argv, "MAXLEN", r.pick("~", "=", "~"), strconv.Itoa(r.IntN(6)))
			case 1:
				argv = append(argv, "MINID", r.pick("~", "="), anyID(r))
			}
			return append(argv, id(r), r.pick("f", "g"), r.val())
		}},
		{"xdel", 2, func(r *replayRand) []string { return []string{"XDEL", r.key(), anyID(r), anyID(r)} }},
		{"xtrim", 1, func(r *replayRand) []string {
			return []string{"XTRIM", r.key(), r.pick("MAXLEN", "MINID"), r.pick("~", "="), r.pick("2", anyID(r))}
		}},
		{"xsetid", 1, func(r *replayRand) []string {
			return []string{"XSETID", r.key(), strconv.FormatInt(r.now()+int64(r.IntN(5)), 10)}
		}},
		{"xgroup", 4, func(r *replayRand) []string {
			switch r.IntN(8) {
			case 0:
				return []string{"XGROUP", "SETID", r.key(), group(r), r.pick("$", "0", anyID(r))}
			case 1:
				return []string{"XGROUP", "DESTROY", r.key(), group(r)}
			case 2:
				return []string{"XGROUP", "CREATECONSUMER", r.key(), group(r), cons(r)}
			case 3:
				return []string{"XGROUP", "DELCONSUMER", r.key(), group(r), cons(r)}
			}
			return []string{"XGROUP", "CREATE", r.key(), group(r), r.pick("$", "0"), "MKSTREAM"}
		}},
		{"xreadgroup", 6, func(r *replayRand) []string {
			argv := []string{"XREADGROUP", "GROUP", group(r), cons(r), "COUNT", strconv.Itoa(1 + r.IntN(3))}
			if r.IntN(4) == 0 {
				argv = append(argv, "NOACK")
			}
			return append(argv, "STREAMS", r.key(), r.pick(">", ">", "0"))
		}},
		{"xack", 2, func(r *replayRand) []string { return []string{"XACK", r.key(), group(r), anyID(r), anyID(r)} }},
		{"xclaim", 2, func(r *replayRand) []string {
			argv := []string{"XCLAIM", r.key(), group(r), cons(r), strconv.Itoa(r.IntN(20)), anyID(r)}
			switch r.IntN(4) {
			case 0:
				argv = append(argv, "IDLE", strconv.Itoa(r.IntN(100)))
			case 1:
				argv = append(argv, "FORCE", "RETRYCOUNT", "3")
			case 2:
				argv = append(argv, "JUSTID", "LASTID", anyID(r))
			}
			return argv
		}},
		{"xautoclaim", 2, func(r *replayRand) []string {
			return []string{"XAUTOCLAIM", r.key(), group(r), cons(r), strconv.Itoa(r.IntN(20)), "0", "COUNT", "2"}
		}},
	}
}

func init() { addReplayGens(streamReplayGens()...) }

func TestStreamReplayReproducesGroups(t *testing.T) {
	seed := testSeed(t)
	gens := streamReplayTestGens()
	for round := 0; round < 4; round++ {
		streamReplayRound(t, seed+int64(round), gens, 3000)
	}
}

// streamReplayTestGens adds deletes and expiries to the stream writes.
func streamReplayTestGens() []replayGen {
	return append(streamReplayGens(),
		replayGen{"del", 1, func(r *replayRand) []string { return []string{"DEL", r.key()} }},
		replayGen{"pexpire", 1, func(r *replayRand) []string {
			return []string{"PEXPIRE", r.key(), strconv.Itoa(1000 + r.IntN(4000))}
		}},
	)
}

func streamReplayRound(t *testing.T, seed int64, gens []replayGen, ops int) {
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	clock := time.UnixMilli(1_700_000_000_000)
	a := New(Options{Now: func() time.Time { return clock }})
	r := &replayRand{Rand: rng, now: func() int64 { return clock.UnixMilli() }}
	total := 0
	for _, g := range gens {
		total += g.weight
	}
	var effects []Effect
	for i := 0; i < ops; i++ {
		clock = clock.Add(time.Duration(rng.IntN(5)) * time.Millisecond)
		n := rng.IntN(total)
		for _, g := range gens {
			if n < g.weight {
				execArgv(a, 0, g.gen(r))
				break
			}
			n -= g.weight
		}
		a.Lock()
		effects = append(effects, a.TakeEffects()...)
		a.Unlock()
	}
	b := New(Options{Now: func() time.Time { return clock.Add(time.Hour) }})
	b.SetLoading(true)
	for _, eff := range effects {
		for _, argv := range decodeArgvs(t, eff.RESP) {
			execArgv(b, eff.DB, argv)
		}
	}
	for i := 0; i < 12; i++ {
		key := "k" + strconv.Itoa(i)
		fa, fb := streamFingerprint(a, key), streamFingerprint(b, key)
		if fa != fb {
			t.Fatalf("seed %d: stream %s differs after replay:\nA %s\nB %s", seed, key, fa, fb)
		}
	}
}

// streamFingerprint renders a stream's state that the log must carry:
// entries, metadata, groups, pending IDs with owners, and consumers with
// pending entries. Delivery times and counts are left out, as are idle
// consumers: reading one's own history changes them without being logged,
// as in Redis.
func streamFingerprint(e *Engine, key string) string {
	e.Lock()
	defer e.Unlock()
	v := e.DB(0).Peek(key)
	if v == nil || v.Type() != TypeStream {
		return "none"
	}
	s := v.Obj().(*Stream)
	var b strings.Builder
	fmt.Fprintf(&b, "last=%v first=%v maxdel=%v added=%d len=%d [", s.lastID, s.firstID, s.maxDeletedID, s.entriesAdded, s.Len())
	s.RangeEntries(func(id StreamID, f [][]byte) bool { fmt.Fprintf(&b, "%v%q ", id, f); return true })
	b.WriteString("]")
	for _, g := range s.groups {
		fmt.Fprintf(&b, " group %s last=%v read=%d pel=", g.name, g.lastID, g.entriesRead)
		g.pel.Ascend(StreamID{}, func(id StreamID, n streamNACK) bool {
			fmt.Fprintf(&b, "%v:%s ", id, n.consumer)
			return true
		})
		for _, c := range g.consumers {
			if c.pel.Len() > 0 {
				fmt.Fprintf(&b, "cons %s:%d ", c.name, c.pel.Len())
			}
		}
	}
	return b.String()
}
