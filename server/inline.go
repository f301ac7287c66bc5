//go:build linux

package server

import (
	"errors"
	"strings"

	"github.com/strata-db/strata/engine"
)

// Idle clients are served on the read poller's goroutine.
//
// Every client has a goroutine, and for a client that sends one request
// and waits for the reply (redis-benchmark at pipeline 1, most
// applications) each request used to cost two trips through Go's
// scheduler: the poller woke the client's goroutine, which ran the request
// and parked again. Profiles of GET at pipeline 1 put a fifth of the
// server's time in the scheduler. Redis's event loop runs every ready
// client's requests itself, then writes all the replies.
//
// A client whose goroutine has nothing to do parks idle (parkIdle). When
// its socket becomes readable the poller takes it over (connIdle ->
// connInline), reads, runs the complete requests it finds and, once every
// ready client has run, writes the replies; the client stays parked and
// its goroutine never wakes. Anything that may wait is handed back to the
// goroutine (connRunning plus a token) with the request still to run:
// blocking commands, transactions, scripts, administrative and pub/sub
// commands, CLIENT PAUSE, a reply that has to wait for the log to be
// durable (appendfsync always), a socket that does not take the whole
// reply, errors. The poller never parks.

const (
	connRunning int32 = iota // the client's goroutine owns it
	connIdle                 // its goroutine is parked in parkIdle
	connInline               // the poller is running its requests
	// connInlineWatched: as connInline, and the goroutine woke meanwhile
	// and waits for a token once the poller is done.
	connInlineWatched
	// connLogWait: the poller ran its requests; their replies wait for the
	// log and the releaser sends them (logwait_linux.go). The goroutine
	// stays parked.
	connLogWait
	// connLogWaitWatched: as connLogWait, and the goroutine woke meanwhile
	// and waits for a token.
	connLogWaitWatched
)

// errWouldBlock: the poller's read found the socket empty.
var errWouldBlock = errors.New("read would block")

// inlineReads bounds the reads the poller makes for one client in one
// turn, so a client that keeps sending cannot hold the others back; a
// client with more to read is handed back to its goroutine.
const inlineReads = 4

// waitInput waits for more requests: parked idle, for the read poller to
// serve them, or in a read of the socket.
func (s *Server) waitInput(cl *client) error {
	pc, ok := cl.in.(*polledConn)
	if !ok {
		return s.readMore(cl)
	}
	// NB: the wake-up channel is taken before the timeout is checked:
	// CONFIG SET timeout stores the timeout, then closes the channel, so a
	// goroutine that saw no timeout parks on a channel that will close.
	wake := s.idleWake.Load()
	if pc.more && s.parkable(cl, pc) {
		// The socket may have data (the last read filled the buffer, or
		// readiness was left to us): look without waiting, and park if
		// there was none. NB: waiting for a token in the read instead
		// left the client with its goroutine, and a request it sent next
		// could then be read after a later one on another connection.
		pc.nowait = true
		err := s.readMore(cl)
		pc.nowait = false
		if err != errWouldBlock {
			return err
		}
	}
	if s.canParkIdle(cl, pc) {
		s.parkIdle(cl, pc, wake)
		return nil
	}
	pc.settle()
	return s.readMore(cl)
}

// canParkIdle reports whether cl's goroutine may park and let the poller
// serve it: nothing left to read that an edge would not announce, no idle
// timeout to enforce (the goroutine's read deadline does that), and a
// plain client.
func (s *Server) canParkIdle(cl *client, pc *polledConn) bool {
	return !pc.more && s.parkable(cl, pc)
}

// parkable is canParkIdle but for data left in the socket.
func (s *Server) parkable(cl *client, pc *polledConn) bool {
	return s.poller != nil && s.poller.serveIdle != nil && !pc.hup.Load() &&
		s.hot.timeout.Load() == 0 && cl.authed && cl.multi == nil && cl.block == nil &&
		!cl.flags.pubsub && !cl.flags.monitor && cl.replica == nil && !cl.closeAfter &&
		cl.handed == nil && !cl.waitBlocked
}

// parkIdle parks cl's goroutine until the poller hands the client back,
// its socket may have data the poller left to it, it is killed or the idle
// timeout changes. It returns with the goroutine owning cl again.
func (s *Server) parkIdle(cl *client, pc *polledConn, wake *chan struct{}) {
	pc.state.Store(connIdle)
	// NB: parked first, then settled: the stashed clients' turn may
	// begin at once, and the poller must find this one parked to run its
	// requests in their place in the order (stash_linux.go). A goroutine
	// handed readiness meanwhile is not done: it reads first.
	if !pc.ready.Load() {
		pc.settle()
	}
	for {
		switch pc.state.Load() {
		case connRunning:
			return // handed back
		case connIdle:
			if !pc.ready.Load() {
				select {
				case <-pc.token:
				case <-cl.killed:
				case <-*wake:
				}
			}
			// NB: readiness may have come while the poller held the
			// client, its token taken as a wake-up: the flag still says.
			if pc.state.CompareAndSwap(connIdle, connRunning) {
				pc.ready.Store(false)
				// Readiness the poller left to us (a background job
				// polled), a kill or a new timeout: read as before.
				pc.more = true
				return
			}
		case connInline:
			if pc.state.CompareAndSwap(connInline, connInlineWatched) {
				<-pc.token
			}
		case connInlineWatched, connLogWaitWatched:
			<-pc.token
		case connLogWait:
			if pc.state.CompareAndSwap(connLogWait, connLogWaitWatched) {
				<-pc.token
			}
		}
	}
}

// serveIdle runs on the poller's goroutine with the clients it took over,
// in the order their sockets became ready: every client's requests first,
// then every client's replies, so the replies go out in one burst as from
// Redis's event loop.
func (s *Server) serveIdle(order []*polledConn) {
	ran := 0
	for _, pc := range order {
		if !pc.inline {
			break
		}
		s.runIdle(pc)
		ran++
		if pc.cl.handed != nil || pc.cl.waitBlocked {
			break
		}
	}
	// NB: requests that arrived after one that a goroutine must run (its
	// client was busy, or the request may wait) must not run before it:
	// an EXEC sent just before an LPUSH that touches the watched key must
	// still succeed. Those clients go back to the stash unread, and run
	// once that goroutine is back (stash_linux.go); handing them to their
	// own goroutines raced with it.
	cut := ran
	if ran < len(order) && !order[ran].inline {
		cut++ // the busy client is given its token
	}
	for _, pc := range order[cut:] {
		if pc.inline {
			pc.inline = false
			pc.letGo(false)
		}
	}
	var logLSN uint64
	for _, pc := range order[:ran] {
		s.finishIdle(pc)
		if pc.logWait {
			logLSN = max(logLSN, pc.cl.barrier)
		}
	}
	if logLSN > 0 {
		// The turn's log bytes go to the writer now, as Redis writes its
		// log once per event loop turn: the replies wait for them.
		s.handOffNow(logLSN)
	}
	wakeInOrder(order[:cut], s.release)
	s.poller.restash(order[cut:])
}

// runIdle reads what pc's client sent and runs the requests that cannot
// wait. A request that may wait is left in cl.handed for the goroutine.
func (s *Server) runIdle(pc *polledConn) {
	cl := pc.cl
	pc.nowait = true
	cl.onPoller = true
	defer func() {
		pc.nowait = false
		cl.onPoller = false
		s.unlock(cl)
	}()
	for range inlineReads {
		if err := s.readMore(cl); err != nil {
			if err != errWouldBlock {
				pc.back = true // the goroutine meets the error and cleans up
			}
			return
		}
		for {
			args, ok, err := cl.rd.TryNext()
			if err != nil {
				pc.back = true
				return
			}
			if !ok {
				break
			}
			cmd, errText := s.resolveFor(cl, args)
			if !s.runsInline(cl, cmd, args) {
				cl.handed = args
				pc.back = true
				return
			}
			s.processResolved(cl, cmd, errText, args)
			pc.inlined.Add(1)
			if cl.waitBlocked || cl.closeAfter {
				pc.back = true
				return
			}
		}
		if cl.rd.Buffered() == 0 {
			s.unlock(cl)
			cl.rd.Shrink()
		}
		if !pc.more {
			return
		}
	}
}

// runsInline reports whether the poller may run cmd for cl: nothing in
// it can wait for another client, the log or the clock.
func (s *Server) runsInline(cl *client, cmd *engine.Command, args [][]byte) bool {
	if s.pauseActive.Load() || cl.multi != nil || !cl.authed || cl.flags.pubsub || cl.flags.monitor {
		return false
	}
	if cmd == nil {
		return true // the reply is an error
	}
	if cmd.Flags&engine.FlagBlocking != 0 && !neverBlocks(cmd, args) {
		return false
	}
	if cmd.Flags&(engine.FlagNoScript|engine.FlagPubSub|engine.FlagAdmin) != 0 {
		return false
	}
	// MIGRATE talks to another server (perhaps this one).
	return cmd.Name != "migrate"
}

// neverBlocks reports whether a command flagged blocking cannot block as
// sent: XREAD and XREADGROUP without BLOCK (consumers polling a stream),
// which are as cheap to run here as any read. An option value that reads
// BLOCK (a group named so) only costs the fast path.
func neverBlocks(cmd *engine.Command, args [][]byte) bool {
	if cmd.Name != "xread" && cmd.Name != "xreadgroup" {
		return false
	}
	for _, a := range args[1:] {
		switch {
		case strings.EqualFold(string(a), "streams"):
			return true
		case strings.EqualFold(string(a), "block"):
			return false
		}
	}
	return false
}

// finishIdle sends cl's replies and decides whether the client stays
// parked or goes back to its goroutine.
func (s *Server) finishIdle(pc *polledConn) {
	cl := pc.cl
	if pc.back {
		return
	}
	if cl.barrier != 0 {
		if !s.canParkIdle(cl, pc) {
			pc.back = true // the goroutine waits for the log itself
			return
		}
		switch s.replyReach(cl.barrier) {
		case logPending:
			pc.logWait = true
			return
		case logGiveUp:
			pc.back = true
			return
		}
		cl.barrier = 0
	}
	if !s.flushNow(cl, pc) {
		pc.back = true
		return
	}
	select {
	case <-cl.killed:
		pc.back = true
	default:
		pc.back = !s.canParkIdle(cl, pc)
	}
}

// releaseIdle ends the poller's turn with pc's client.
func (s *Server) releaseIdle(pc *polledConn) {
	if !pc.inline {
		pc.give() // its goroutine was busy: it reads when it is done
		return
	}
	pc.inline = false
	if pc.logWait {
		pc.logWait = false
		s.queueLogWait(pc, pc.cl.barrier)
		return
	}
	back := pc.back
	pc.back = false
	pc.letGo(back)
}

// letGo ends a hold on pc's client (connInline, or connInlineWatched when
// its goroutine woke meanwhile): back to the goroutine with work to do, or
// parked idle again, the goroutine told if it waits for word.
func (pc *polledConn) letGo(back bool) {
	if back {
		pc.state.Store(connRunning)
		pc.handBack()
		return
	}
	if !pc.state.CompareAndSwap(connInline, connIdle) {
		pc.state.Store(connIdle)
		pc.nudge()
	}
}

// flushNow writes cl's pending replies without waiting. It reports false
// when the socket did not take them all (what is left stays pending, for
// the goroutine to write) or failed.
func (s *Server) flushNow(cl *client, pc *polledConn) bool {
	cl.sendMu.Lock()
	defer cl.sendMu.Unlock()
	cl.wmu.Lock()
	defer cl.wmu.Unlock()
	out := cl.w.Bytes()
	if len(out) == 0 {
		return true
	}
	n, err := pc.writeNow(out)
	s.stats.netOutput.Add(int64(n))
	if err != nil {
		cl.kill()
		return false
	}
	if n < len(out) {
		m := copy(out, out[n:])
		cl.w.Truncate(m)
		return false
	}
	if cap(out) > 1<<20 {
		cl.w.SetBuffer(nil)
	} else {
		cl.w.Reset()
	}
	return true
}

// waitingOnKeys tells the poller that cl's goroutine waits for a blocking
// command (or no longer does): it is owed nothing meanwhile, or a client
// blocked for minutes would keep the poller from running anything.
func waitingOnKeys(cl *client, on bool) {
	if on {
		cl.standAside()
	} else {
		cl.backInLine()
	}
}
