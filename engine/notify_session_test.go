package engine

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// The session-store scenario: sessions are hashes with TTLs; clients
// refresh some, log some out, and read others; a subscriber to expired
// events must see every session that times out exactly once, whether
// lazy or active expiry reclaims it, and across a restart that replays
// the log (the effects) into a fresh engine, as recovery does.
func TestSessionStoreExpiredExactlyOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(testSeed(t)), 3))
	clock := time.UnixMilli(1_700_000_000_000)
	events := map[string]int{}
	opts := Options{
		Now: func() time.Time { return clock },
		Notify: func(_ int, class NotifyClass, event, key string) {
			if class == NotifyExpired && event == "expired" {
				events[key]++
			}
		},
	}
	e := New(opts)
	sim := &sessionSim{t: t, rng: rng, now: func() int64 { return clock.UnixMilli() },
		deadline: map[string]int64{}, expect: map[string]int{}}
	var log []Effect
	step := func(e *Engine, ops int) {
		for i := 0; i < ops; i++ {
			clock = clock.Add(time.Duration(rng.IntN(3)) * time.Millisecond)
			sim.op(e)
			if rng.IntN(40) == 0 {
				e.Lock()
				e.ActiveExpireCycle(10)
				e.Unlock()
			}
			e.Lock()
			log = append(log, e.TakeEffects()...)
			e.Unlock()
		}
	}
	step(e, 4000)
	// Restart: a new engine rebuilt from the log only, a little later.
	clock = clock.Add(50 * time.Millisecond)
	e = New(opts)
	e.SetLoading(true)
	for _, eff := range log {
		for _, argv := range decodeArgvs(t, eff.RESP) {
			execArgv(e, eff.DB, argv)
		}
	}
	e.SetLoading(false)
	step(e, 4000)
	// Let every remaining session time out.
	clock = clock.Add(time.Hour)
	for i := 0; i < 1000 && e.DB(0).Expires() > 0; i++ {
		e.Lock()
		e.ActiveExpireCycle(10)
		e.Unlock()
	}
	for key, d := range sim.deadline {
		if d != 0 {
			sim.expect[key] = 1 // still alive before the last hour
		}
	}
	for key, want := range sim.expect {
		if events[key] != want {
			t.Errorf("session %s: %d expired events, want %d", key, events[key], want)
		}
	}
	for key, n := range events {
		if _, ok := sim.expect[key]; !ok {
			t.Errorf("session %s: %d unexpected expired events", key, n)
		}
	}
	t.Logf("%d sessions, %d expired events", len(sim.expect), len(events))
}

// sessionSim drives the workload and models when each session expires.
type sessionSim struct {
	t        *testing.T
	rng      *rand.Rand
	now      func() int64
	next     int
	deadline map[string]int64 // live sessions: absolute expiry; 0 once gone
	expect   map[string]int   // expired events each session must raise
}

func (s *sessionSim) op(e *Engine) {
	now := s.now()
	// A session whose deadline passed is gone (logically) and must raise
	// exactly one event, whoever notices first.
	for key, d := range s.deadline {
		if d != 0 && d <= now {
			s.expect[key], s.deadline[key] = 1, 0
		}
	}
	key := "session:" + strconv.Itoa(s.rng.IntN(s.next+1))
	switch s.rng.IntN(6) {
	case 0, 1: // log in: a new session
		key = "session:" + strconv.Itoa(s.next)
		s.next++
		ttl := 50 + s.rng.IntN(400)
		run(e, "HSET", key, "user", "u"+strconv.Itoa(s.next), "seen", strconv.FormatInt(now, 10))
		run(e, "PEXPIRE", key, strconv.Itoa(ttl))
		s.deadline[key], s.expect[key] = now+int64(ttl), 0
	case 2: // activity: refresh the TTL of a live session
		if s.deadline[key] != 0 {
			ttl := 50 + s.rng.IntN(400)
			run(e, "HSET", key, "seen", strconv.FormatInt(now, 10))
			run(e, "PEXPIRE", key, strconv.Itoa(ttl))
			s.deadline[key] = now + int64(ttl)
		}
	case 3: // log out
		if s.deadline[key] != 0 {
			run(e, "DEL", key)
			s.deadline[key] = 0
		}
	default: // reads expire lazily
		run(e, "HGETALL", key)
	}
}
