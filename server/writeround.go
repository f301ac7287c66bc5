package server

import (
	"runtime"
	"sync"
)

// On a server given one processor, clients that became ready together
// write their replies together, after all of them have run.
//
// A reply written to a loopback or LAN socket wakes the reader. When the
// reader is asleep that wake-up is an inter-processor interrupt, and in a
// virtual machine each one costs more than running a GET: profiles of
// pipelined INCR showed 10-23% of the server's time in it. Redis's event
// loop runs every ready client, then writes all replies in one burst
// (beforeSleep): the reader wakes for the first and is still busy when
// the rest arrive. Here each client goroutine used to write as soon as its
// own requests were done, so replies trickled out one per client and
// nearly every write woke a sleeping reader.
//
// writeRound restores the burst. A client with replies to send waits for
// the end of the round; the first one to wait wakes the round's closer,
// which yields once (runtime.Gosched puts it behind every goroutine
// already runnable: the clients the read poller woke with this one), then
// releases every waiter at once, and they write back to back. With more
// than one processor goroutines run side by side and there is no burst to
// make: clients write at once.
type writeRound struct {
	mu      sync.Mutex
	ch      chan struct{} // closed at the end of the current round
	pending bool          // the closer has been told about ch
	stopped bool
	kick    chan struct{}
}

func newWriteRound() *writeRound {
	return &writeRound{kick: make(chan struct{}, 1)}
}

// wait returns at the end of the current round.
func (r *writeRound) wait() {
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		return
	}
	if r.ch == nil {
		r.ch = make(chan struct{})
	}
	ch, tell := r.ch, !r.pending
	r.pending = true
	r.mu.Unlock()
	if tell {
		r.kick <- struct{}{}
	}
	<-ch
}

// run closes rounds until done is closed.
func (r *writeRound) run(done <-chan struct{}) {
	for {
		select {
		case <-r.kick:
		case <-done:
			r.mu.Lock()
			r.stopped = true
			if r.ch != nil {
				close(r.ch)
				r.ch = nil
			}
			r.mu.Unlock()
			return
		}
		runtime.Gosched()
		r.mu.Lock()
		ch := r.ch
		r.ch, r.pending = nil, false
		r.mu.Unlock()
		close(ch)
	}
}

// roundsApply reports whether replies wait for the end of a round: one
// processor and no background save or rewrite competing for it. A save
// yields to clients every few dozen keys; a round's closer queued behind
// it ended the round only after the save's next slice, and clients woken
// by the save's own poll went through the round too: under back-to-back
// BGSAVEs of 1.1M keys, writes at 20,000/s had a p50 of 89-285 ms with
// rounds against 2.4 ms without.
func (s *Server) roundsApply() bool {
	return s.rounds != nil && s.oneProc.Load() && !s.bgYielding.Load()
}

// awaitWriteRound holds cl's replies until the end of the round when
// rounds apply and cl reads a polled socket and has something to write.
func (s *Server) awaitWriteRound(cl *client) {
	if !s.roundsApply() || cl.in == connInput(cl.nc) {
		return
	}
	cl.wmu.Lock()
	n := cl.w.Len()
	cl.wmu.Unlock()
	if n > 0 {
		s.rounds.wait()
	}
}
