package server

import (
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// newTestEpoll returns an epoll set watching the read end of a pipe, and a
// function that makes it readable.
func newTestEpoll(t *testing.T) (epfd int, ready func()) {
	t.Helper()
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_NONBLOCK|syscall.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(p[0]); syscall.Close(p[1]); syscall.Close(epfd) })
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN, Fd: int32(p[0])}
	if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, p[0], &ev); err != nil {
		t.Fatal(err)
	}
	return epfd, func() { _, _ = syscall.Write(p[1], []byte{1}) }
}

// The state machine: off until a short sleep, on after one, off again
// after a spent budget and until a later sleep (not the one right after
// the miss) is short; never on with a budget of 0.
func TestBusyPollTurnsOnOnlyUnderDenseLoad(t *testing.T) {
	epfd, ready := newTestEpoll(t)
	var budget atomic.Int64
	budget.Store(200)
	b := &busyPoll{budget: &budget}
	events := make([]syscall.EpollEvent, 4)

	// First wake, no sleep on record: stays off, sleeps at once.
	b.woke()
	start := time.Now()
	if n := b.poll(epfd, events); n != 0 || b.on || b.missed.Load() != 0 {
		t.Fatalf("off: poll = %d, on %v, missed %d", n, b.on, b.missed.Load())
	}
	if d := time.Since(start); d > 150*time.Microsecond {
		t.Logf("an off poll took %v (a slow machine?)", d)
	}
	// A long sleep keeps it off.
	time.Sleep(time.Millisecond)
	b.woke()
	if b.on {
		t.Fatal("on after a 1 ms sleep with a 200 us budget")
	}
	// A short sleep turns it on; work that comes during the budget is
	// caught. NB: a generous budget from here: a preempted test must not
	// make a short sleep long, and the writer goroutine must get a thread
	// and run on a loaded machine.
	budget.Store(int64(time.Second / time.Microsecond))
	b.sleep()
	b.woke()
	if !b.on {
		t.Fatal("off after a short sleep")
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ready()
	}()
	n := b.poll(epfd, events)
	wg.Wait()
	budget.Store(200)
	if n != 1 || b.caught.Load() != 1 || !b.on {
		t.Fatalf("work during the budget: poll = %d, caught %d, on %v", n, b.caught.Load(), b.on)
	}
	if !b.sleptAt.IsZero() {
		t.Fatal("a poll that found work recorded a sleep")
	}
	// Drain the pipe's readiness: level-triggered, so read it.
	var buf [8]byte
	for {
		if _, err := syscall.Read(int(events[0].Fd), buf[:]); err != nil {
			break
		}
	}
	// No work: the budget is spent, it turns off and records the sleep.
	if n := b.poll(epfd, events); n != 0 || b.missed.Load() != 1 || b.on || b.sleptAt.IsZero() {
		t.Fatalf("no work: poll = %d, missed %d, on %v", n, b.missed.Load(), b.on)
	}
	// The short sleep right after a miss does not turn it back on ...
	b.woke()
	if b.on {
		t.Fatal("on again right after a miss")
	}
	// ... a later short one does.
	budget.Store(int64(time.Second / time.Microsecond))
	b.sleep()
	b.woke()
	if !b.on {
		t.Fatal("off after a short sleep that followed no miss")
	}
	// Budget 0: never on.
	budget.Store(0)
	b.sleep()
	b.woke()
	if b.on {
		t.Fatal("on with a budget of 0")
	}
}

// A poller that has polled on for maxAwake sleeps once without spending
// a budget, so that Go's own network poller gets its turn, and the short
// sleep that follows keeps it on.
func TestBusyPollSleepsAtLeastEveryMaxAwake(t *testing.T) {
	epfd, _ := newTestEpoll(t)
	var budget atomic.Int64
	// NB: a budget of a second, so that polling on would show as a miss
	// and a second gone, never as a preemption of a busy machine.
	budget.Store(1_000_000)
	b := &busyPoll{budget: &budget, on: true, awakeSince: time.Now().Add(-2 * maxAwake)}
	events := make([]syscall.EpollEvent, 4)
	start := time.Now()
	if n := b.poll(epfd, events); n != 0 {
		t.Fatalf("poll = %d", n)
	}
	if d := time.Since(start); d >= 500*time.Millisecond || b.missed.Load() != 0 || b.sleptAt.IsZero() {
		t.Fatalf("polled on past maxAwake: took %v, missed %d", d, b.missed.Load())
	}
	b.woke()
	if !b.on {
		t.Fatal("a short sleep forced by maxAwake turned polling off")
	}
}

// While a sync waits for its ring's completion the poller does not poll
// on: the completion needs Go's scheduler to find nothing to run.
func TestBusyPollStandsAsideForRingSyncs(t *testing.T) {
	epfd, _ := newTestEpoll(t)
	var budget atomic.Int64
	budget.Store(int64(time.Second / time.Microsecond))
	var waiting atomic.Int64
	waiting.Store(1)
	b := &busyPoll{budget: &budget, on: true, awakeSince: time.Now(), ringSyncs: waiting.Load}
	events := make([]syscall.EpollEvent, 4)
	start := time.Now()
	if n := b.poll(epfd, events); n != 0 || b.missed.Load() != 0 || !b.on {
		t.Fatalf("poll = %d, missed %d, on %v", n, b.missed.Load(), b.on)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Fatalf("polled on for %v with a ring sync waiting", d)
	}
	// A sync that goes to its ring during the polling ends it too.
	b.woke()
	waiting.Store(0)
	go func() {
		time.Sleep(time.Millisecond)
		waiting.Store(1)
	}()
	start = time.Now()
	if n := b.poll(epfd, events); n != 0 || b.missed.Load() != 0 {
		t.Fatalf("poll = %d, missed %d", n, b.missed.Load())
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Fatalf("polled on for %v after a ring sync began", d)
	}
}

// pollerBusy returns the server poller's busy-poll counters.
func pollerBusy(s *Server) (caught, missed uint64) {
	return s.poller.busy.caught.Load(), s.poller.busy.missed.Load()
}

// Clients in a tight request loop keep the poller polling (it catches
// their next requests without sleeping); a client that pauses between
// requests never starts it; strata-busy-poll-us 0 turns it off.
func TestServerBusyPolls(t *testing.T) {
	s := startServer(t)
	if s.poller == nil {
		t.Fatal("no read poller on Linux")
	}
	loop := func(clients, requests int) {
		var wg sync.WaitGroup
		for range clients {
			c := dial(t, s)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range requests {
					c.send("SET", "k", "v")
					c.bw.Flush()
					if r := c.read(); r.String() != "OK" {
						t.Errorf("SET: %+v", r)
						return
					}
				}
			}()
		}
		wg.Wait()
	}

	c := dial(t, s)
	for range 20 {
		c.expect("PONG", "PING")
		time.Sleep(2 * time.Millisecond)
	}
	// NB: a wake that is not a request (other servers of this test binary
	// keep running under the race detector's load) can end one sleep early
	// and turn polling on once; the miss that follows turns it off until a
	// later short sleep. Polling that stayed on would miss about 20 times.
	if caught, missed := pollerBusy(s); caught != 0 || missed > 2 {
		t.Fatalf("a client pausing 2 ms between requests: caught %d, missed %d", caught, missed)
	}

	loop(4, 3000)
	caught, missed := pollerBusy(s)
	if caught == 0 {
		t.Fatalf("4 clients in a tight loop: no request caught by polling (missed %d)", missed)
	}
	t.Logf("tight loop: caught %d, missed %d", caught, missed)

	c.expect("OK", "CONFIG", "SET", "strata-busy-poll-us", "0")
	time.Sleep(5 * time.Millisecond) // the poller sleeps once, seeing 0
	before, _ := pollerBusy(s)
	loop(4, 3000)
	if after, _ := pollerBusy(s); after != before {
		t.Fatalf("strata-busy-poll-us 0: %d requests caught by polling", after-before)
	}
	c.expect("[strata-busy-poll-us 0]", "CONFIG", "GET", "strata-busy-poll-us")
}
