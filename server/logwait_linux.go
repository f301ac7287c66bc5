package server

import "sync"

// Replies that wait for the log are sent by one goroutine for all clients.
//
// Under appendfsync always a reply goes out only once the log is durable
// up to what it depends on (everysec and no: once it is written). The
// poller used to hand such a client back to its goroutine, which parked in
// the log writer until the fsync and then wrote its reply: two trips
// through Go's scheduler per request on top of the poller's, and one
// fsync woke a herd of goroutines. Unpipelined SET under always spent
// 15-20 us of the server's core per request against 13 without the log.
// Redis runs the same turn: every ready client, then one write and fsync
// of its log, then every reply (beforeSleep).
//
// Now the poller keeps such a client (connLogWait: the goroutine stays
// parked) and queues it with the LSN its replies wait for. The log writer
// announces every step (wal.Options.OnProgress); the releaser goroutine
// then writes, in queue order, the replies whose LSN is reached, and
// parks the clients idle again: one wake-up per fsync for all of them.
// Anything unusual goes back to the client's goroutine, whose
// releaseReplies knows every case: a failed or replaced log, a socket
// that does not take the whole reply, a killed client.
//
// A socket that becomes readable while its client waits is taken over by
// the poller as usual (its requests run in arrival order, their replies
// queue behind the first), and the client is queued again with the
// higher LSN; the old entry is then stale. Ownership decides: an entry is
// acted on only by whoever moves the client out of connLogWait.
type logWaiters struct {
	mu   sync.Mutex
	list []logWaiter
	kick chan struct{} // capacity 1: the log moved, or a waiter came
}

type logWaiter struct {
	pc  *polledConn
	lsn uint64 // the client's barrier when it was queued
}

// logReach is what a barrier's LSN is to the log right now.
type logReach int

const (
	logPending logReach = iota // not yet written (or durable)
	logReached                 // replies may go
	logGiveUp                  // failed, closed or replaced: the goroutine decides
)

// replyReach tells whether replies waiting for lsn may be sent, without
// waiting; waitDurable is the goroutine's version of the same rules.
func (s *Server) replyReach(lsn uint64) logReach {
	ep := s.aofSt().epoch.Load()
	switch {
	case ep == nil:
		return logReached // the log is off: nothing to wait for
	case !isClosed(ep.ready):
		return logGiveUp // a repair writer's base is still being written
	case lsn <= ep.floor:
		return logReached
	}
	ok, err := ep.w.Reached(lsn, ep.always)
	switch {
	case ok:
		return logReached
	case err != nil:
		return logGiveUp
	}
	return logPending
}

// logProgress wakes the releaser: the log moved, failed, or was replaced.
func (s *Server) logProgress() {
	if s.poller != nil {
		s.poller.logWait.wake()
	}
}

func (w *logWaiters) wake() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// queueLogWait parks pc until the log reaches lsn, its client's barrier,
// read while the caller still held the client (connInline): the poller at
// the end of its turn, or the releaser putting back a client queued
// again meanwhile.
func (s *Server) queueLogWait(pc *polledConn, lsn uint64) {
	w := &pc.p.logWait
	if !pc.state.CompareAndSwap(connInline, connLogWait) {
		pc.state.Store(connLogWaitWatched) // the goroutine woke meanwhile
	}
	w.mu.Lock()
	w.list = append(w.list, logWaiter{pc, lsn})
	w.mu.Unlock()
	// NB: the step that reached lsn may have been announced before the
	// entry was there, and the releaser found nothing to do.
	if s.replyReach(lsn) != logPending {
		w.wake()
	}
}

// releaseLogWaiters sends replies as the log reaches them, until the
// poller stops; then every waiter goes back to its goroutine.
func (s *Server) releaseLogWaiters(p *readPoller) {
	w, done := &p.logWait, p.done
	var work, keep []logWaiter
	for {
		stop := false
		select {
		case <-w.kick:
		case <-done:
			stop = true
		}
		w.mu.Lock()
		work, w.list = w.list, work[:0]
		w.mu.Unlock()
		keep = keep[:0]
		for _, e := range work {
			if s.releaseLogWaiter(e, stop) {
				keep = append(keep, e)
			}
		}
		clear(work)
		if len(keep) > 0 {
			w.mu.Lock()
			// NB: entries queued meanwhile go after the ones kept, so
			// replies keep the order in which their requests ran.
			w.list = append(keep, w.list...)
			w.mu.Unlock()
			keep = nil
		}
		if stop {
			return
		}
	}
}

// releaseLogWaiter acts on one entry and reports whether it must stay
// queued. With stop, a client whose log has not caught up goes back to
// its goroutine instead.
func (s *Server) releaseLogWaiter(e logWaiter, stop bool) (keep bool) {
	pc := e.pc
	r := s.replyReach(e.lsn)
	if r == logPending && !stop {
		return true
	}
	var held int32
	for {
		st := pc.state.Load()
		switch st {
		case connLogWait:
			held = connInline
		case connLogWaitWatched:
			held = connInlineWatched
		default:
			return false // stale: the poller took the client over
		}
		if pc.state.CompareAndSwap(st, held) {
			break
		}
	}
	cl := pc.cl
	// NB: the entry's LSN may be older than the client's barrier (it was
	// queued again since); only the barrier, read now that the client is
	// held, decides.
	if e.lsn != cl.barrier {
		r = s.replyReach(cl.barrier)
	}
	back := r == logGiveUp || (r == logPending && stop)
	if r == logPending && !back {
		s.queueLogWait(pc, cl.barrier)
		return false
	}
	if !back {
		cl.barrier = 0
		select {
		case <-cl.killed:
			back = true
		default:
			back = !s.flushNow(cl, pc) || !s.canParkIdle(cl, pc)
		}
	}
	if !back {
		pc.logReleased.Add(1)
	}
	pc.letGo(back)
	return false
}
