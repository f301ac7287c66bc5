package server

import (
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/strata-db/strata/internal/uring"
)

// busyPoll decides whether the poller, having found no ready socket, polls
// its epoll set again for a few microseconds (strata-busy-poll-us) before
// it goes to sleep.
//
// A sleeping server thread is woken by the client's send: the kernel runs
// the wake-up, an inter-processor interrupt in a virtual machine, on the
// client's side. When the server is quicker than its clients (LRANGE
// replies that take a client longer to parse than the server to build),
// it sleeps between almost every pair of requests, and the clients pay a
// wake-up for each: unpipelined LRANGE_300 from 50 clients ran 15% slower
// against Strata than against redis-server, whose slower loop was still
// busy when the next request came. Polling on through a short gap takes
// the wake-up away (docs/server.md, "Busy polling").
//
// It only polls while the load is dense: a sleep shorter than the budget
// turns it on, and a budget spent without finding work turns it off until
// a sleep that did not follow one is short again. An idle or lightly
// loaded server never polls, and one at a steady rate just out of the
// budget's reach spends at most one budget every other request.
//
// It does not poll while a slow sync waits for its io_uring completion
// (internal/uring.InFlight), for the same reason as the next paragraph:
// at pipeline 16 under appendfsync always, where the log's syncs go
// through the ring, polling through them cost 3-10% of the throughput.
//
// The poller still sleeps at least every maxAwake. Go's scheduler polls
// the runtime's own network poller (new connections, the io_uring
// completions of slow syncs) only when it has nothing else to run, and a
// poller that yields in a loop is always something to run; the sleep is
// over at once when a socket is ready, since Go's poller then reports the
// epoll descriptor readable.
type busyPoll struct {
	budget *atomic.Int64 // microseconds; 0 turns busy polling off

	on         bool      // poll before sleeping
	afterMiss  bool      // the last sleep followed a spent budget
	sleptAt    time.Time // when the poller last went to sleep; zero while awake
	awakeSince time.Time // when the poller last woke

	// ringSyncs reports syncs waiting for their io_uring completion
	// (nil: internal/uring.InFlight; tests replace it).
	ringSyncs func() int64

	caught atomic.Uint64 // polls that found work before the budget ran out (tests)
	missed atomic.Uint64 // budgets spent without work (tests)
}

// maxAwake bounds how long the poller polls on without sleeping once.
const maxAwake = time.Millisecond

// woke is called when the poller wakes; a short sleep means dense load.
func (b *busyPoll) woke() {
	now := time.Now()
	b.awakeSince = now
	if b.sleptAt.IsZero() {
		return
	}
	short := now.Sub(b.sleptAt) < b.budgetDur()
	b.on = short && !b.afterMiss
	b.afterMiss = false
	b.sleptAt = time.Time{}
}

func (b *busyPoll) ringWaits() int64 {
	if b.ringSyncs != nil {
		return b.ringSyncs()
	}
	return uring.InFlight()
}

// sleep records that the poller goes to sleep now.
func (b *busyPoll) sleep() { b.sleptAt = time.Now() }

func (b *busyPoll) budgetDur() time.Duration {
	if b.budget == nil {
		return 0
	}
	return time.Duration(b.budget.Load()) * time.Microsecond
}

// poll is called when epfd had no ready socket. While the load is dense it
// polls again, letting every runnable goroutine run between polls, until a
// socket is ready or the budget is spent. It returns the number of events
// it put in events; 0 means the poller must sleep (and it has recorded so).
func (b *busyPoll) poll(epfd int, events []syscall.EpollEvent) int {
	now := time.Now()
	if budget := b.budgetDur(); b.on && budget > 0 && now.Sub(b.awakeSince) < maxAwake && b.ringWaits() == 0 {
		deadline := now.Add(budget)
		for {
			// NB: on one processor this is what lets the log writer, the
			// releaser and clients' goroutines run; the poll then sees
			// requests their replies brought.
			runtime.Gosched()
			n, err := epollNow(epfd, events)
			if err == nil && n > 0 {
				b.caught.Add(1)
				return n
			}
			if b.ringWaits() > 0 {
				// A slow sync went to its ring meanwhile: its
				// completion needs the scheduler to go idle.
				break
			}
			if (err != nil && err != syscall.EINTR) || !time.Now().Before(deadline) {
				b.missed.Add(1)
				b.on, b.afterMiss = false, true
				break
			}
		}
	}
	b.sleep()
	return 0
}
