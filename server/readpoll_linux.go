package server

import (
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// readPoller owns an epoll instance of its own in which every client socket
// is registered edge-triggered. One goroutine waits on that epoll descriptor
// through Go's own network poller (an epoll descriptor is itself pollable),
// harvests all ready sockets with one epoll_wait and hands each client a
// token meaning "your socket may be readable now". Per request this leaves
// read(2) and write(2), plus one epoll_wait shared by every client that
// became ready at the same time: Redis's pattern.
type readPoller struct {
	file   *os.File
	rc     syscall.RawConn
	epfd   int
	nextID atomic.Uint64

	mu    sync.Mutex
	conns map[uint64]*polledConn
	done  chan struct{}

	// serveIdle, when set, runs the requests of idle clients on the
	// poller's goroutine (inline.go); ready is its reused batch.
	serveIdle func([]*polledConn)
	ready     []*polledConn
	// logWait holds clients whose replies wait for the log
	// (logwait_linux.go).
	logWait logWaiters
	// owed counts clients whose goroutines were given a token and have
	// not yet come back to wait for input. While any has, the poller runs
	// no request itself: it would run ahead of requests that arrived
	// before, on the way to those goroutines. Clients that become ready
	// meanwhile wait in the stash (stash_linux.go).
	owed atomic.Int64
	stash

	// nowMu guards nowEvents, pollNow's buffer (kept here so that a
	// background job's frequent polls make no garbage).
	nowMu     sync.Mutex
	nowEvents [64]syscall.EpollEvent
	nowN      int
	nowPoll   func(fd uintptr) // fills nowEvents and nowN

	// busy is touched by run's goroutine only (busypoll_linux.go).
	busy busyPoll
}

// polledConn is a client socket read through the poller.
type polledConn struct {
	id    uint64
	rc    syscall.RawConn
	token chan struct{} // capacity 1: the socket may have data
	// more is true when the last read filled the caller's buffer: data may
	// be left in the socket, and an edge-triggered epoll will not say so
	// again.
	more    bool
	wasted  atomic.Uint64 // reads that found nothing (tests watch it)
	inlined atomic.Uint64 // requests the poller ran (tests watch it)
	// logReleased counts turns whose replies the log waiters' releaser
	// sent (tests watch it).
	logReleased atomic.Uint64
	deadline    time.Time
	// hup is set once the peer closed or the socket failed. A read that
	// returns the last data does not return the end of the stream, and no
	// new edge will come for it: from then on every Read reads.
	hup atomic.Bool

	// state says who owns the client (inline.go): its goroutine
	// (connRunning), nobody while the goroutine is parked idle
	// (connIdle), or the poller running its requests (connInline).
	state atomic.Int32
	cl    *client
	// nowait makes Read return errWouldBlock instead of waiting: the
	// poller reads for an idle client and must never park.
	nowait bool
	// back: the poller's turn ended with something for the goroutine.
	back bool
	// inline: the poller took the client over in this turn.
	inline bool
	// logWait: the turn ended with replies that wait for the log.
	logWait bool
	p       *readPoller
	owed    atomic.Bool // counted in p.owed
	// stashed: the client waits in p.stash (guarded by p.mu).
	stashed bool
	// ready: a token meant "the socket may have data". The goroutine may
	// take a token while the poller holds the client, as a mere wake-up;
	// the flag keeps what it said.
	ready atomic.Bool
	// aside: the goroutine waits for something that may take long (a
	// blocking command's keys, the log, a pause, a slow reader); a token
	// for it is owed nothing meanwhile (stash_linux.go).
	aside atomic.Bool
	io    rawIO
}

// rawIO makes one read(2) or write(2) on a socket through its RawConn.
// The functions are made once per connection: a closure per call escapes
// (RawConn is an interface) and cost an allocation per request.
type rawIO struct {
	b       []byte
	n       int
	err     error
	readFn  func(fd uintptr) bool
	writeFn func(fd uintptr) bool
}

// rawOp makes one read(2) or write(2) of b: err is the RawConn's (the
// connection is closed), sysErr the system call's.
func (pc *polledConn) rawOp(b []byte, write bool) (n int, err, sysErr error) {
	pc.io.b = b
	if write {
		err = pc.rc.Write(pc.io.writeFn)
	} else {
		err = pc.rc.Read(pc.io.readFn)
	}
	n, sysErr = pc.io.n, pc.io.err
	pc.io.b = nil
	return n, err, sysErr
}

func (r *rawIO) init() {
	r.readFn = r.retrying(rawRead)
	r.writeFn = r.retrying(rawWrite)
}

// retrying makes the RawConn callback for op on r.b, retried on EINTR.
func (r *rawIO) retrying(op func(int, []byte) (int, error)) func(fd uintptr) bool {
	return func(fd uintptr) bool {
		for {
			r.n, r.err = op(int(fd), r.b)
			if r.err != syscall.EINTR {
				return true
			}
		}
	}
}

// newReadPoller starts a poller that runs idle clients' requests on its
// own goroutine (inline.go).
func newReadPoller(s *Server) (*readPoller, error) {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	if err := syscall.SetNonblock(epfd, true); err != nil {
		syscall.Close(epfd)
		return nil, os.NewSyscallError("fcntl", err)
	}
	f := os.NewFile(uintptr(epfd), "strata-readpoll")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	p := &readPoller{file: f, rc: rc, epfd: epfd, conns: map[uint64]*polledConn{}, done: make(chan struct{})}
	if err := p.initStash(epfd); err != nil {
		f.Close()
		return nil, err
	}
	p.logWait.kick = make(chan struct{}, 1)
	p.busy.budget = &s.hot.busyPollUS
	s.release = s.releaseIdle
	p.serveIdle = s.serveIdle
	p.nowPoll = func(fd uintptr) {
		for {
			k, err := epollNow(int(fd), p.nowEvents[:])
			if err == syscall.EINTR {
				continue
			}
			if err == nil {
				p.nowN = k
			}
			return
		}
	}
	go p.run()
	go s.releaseLogWaiters(p)
	return p, nil
}

// run harvests readiness until the poller is closed. It stays inside one
// RawConn.Read: Go resets the descriptor's readiness only when Read starts,
// so an edge that arrives while events are being handed out is never lost.
func (p *readPoller) run() {
	defer close(p.done)
	events := make([]syscall.EpollEvent, 256)
	_ = p.rc.Read(func(fd uintptr) bool {
		p.busy.woke()
		for {
			n, err := epollNow(int(fd), events)
			if err != nil {
				if err == syscall.EINTR {
					continue
				}
				return true
			}
			if n == 0 {
				if n = p.busy.poll(int(fd), events); n == 0 {
					return false
				}
			}
			p.hand(events[:n], true)
			if n < len(events) && !p.busy.on {
				// Drained: wait for Go's poller to report the epoll
				// descriptor readable again.
				p.busy.sleep()
				return false
			}
		}
	})
}

// hand gives a token to each client whose socket became ready. With
// inline true, clients parked idle are taken over and their requests run
// here instead, without waking their goroutines (inline.go). While
// goroutines are owed their turn, the clients wait in the stash, and they
// come out first, in the order they became ready.
func (p *readPoller) hand(events []syscall.EpollEvent, inline bool) {
	if len(events) == 0 {
		return
	}
	p.mu.Lock()
	p.stashReady(events)
	// NB: clients the poller puts back behind a goroutine's request come
	// round again: they run once it is back, or now if it owes nothing.
	for len(p.stash.list) > 0 && !p.holdStash() {
		if !inline || p.serveIdle == nil || p.owed.Load() != 0 {
			// NB: local stays on the stack only because it never
			// reaches p.ready: one allocation per wake-up was most of an
			// idle server's garbage.
			var local [64]*polledConn
			order := p.takeStash(local[:0], false)
			p.mu.Unlock()
			wakeInOrder(order, (*polledConn).give)
			return
		}
		order := p.takeStash(p.ready[:0], true)
		p.mu.Unlock()
		p.serveIdle(order)
		clear(order)
		p.ready = order[:0]
		p.mu.Lock()
	}
	p.mu.Unlock()
}

// stashReady adds to the stash, in event order, the clients events name
// that are not in it yet, marking hang-ups. Called with p.mu held.
func (p *readPoller) stashReady(events []syscall.EpollEvent) {
	for _, ev := range events {
		id := uint64(uint32(ev.Fd)) | uint64(uint32(ev.Pad))<<32
		if id == kickID {
			p.stash.drainKick()
			continue
		}
		pc := p.conns[id]
		if pc == nil {
			continue
		}
		if ev.Events&(syscall.EPOLLRDHUP|syscall.EPOLLHUP|syscall.EPOLLERR) != 0 {
			pc.hup.Store(true)
		}
		if !pc.stashed {
			pc.stashed = true
			p.stash.list = append(p.stash.list, pc)
		}
	}
}

// takeStash appends the stashed clients still registered to order and
// empties the stash; with inline, parked clients are taken over. Called
// with p.mu held.
func (p *readPoller) takeStash(order []*polledConn, inline bool) []*polledConn {
	for _, pc := range p.stash.list {
		pc.stashed = false
		if p.conns[pc.id] != pc {
			continue // gone while it waited
		}
		if inline {
			// NB: only the poller's own goroutine touches pc.inline; a
			// background job's pollNow may run hand at the same time.
			pc.inline = pc.takeOver()
			if pc.inline {
				pc.ready.Store(false) // the poller reads the socket now
			}
		}
		order = append(order, pc)
	}
	clear(p.stash.list)
	p.stash.list = p.stash.list[:0]
	p.stash.released()
	return order
}

// takeOver moves a client parked idle, or parked waiting for the log with
// its replies (logwait_linux.go), to the poller.
func (pc *polledConn) takeOver() bool {
	return pc.state.CompareAndSwap(connIdle, connInline) ||
		pc.state.CompareAndSwap(connLogWait, connInline) ||
		pc.state.CompareAndSwap(connLogWaitWatched, connInlineWatched)
}

// wakeInOrder calls wake for each of order so that their goroutines run
// in that order, the order in which their requests arrived, as in Redis's
// event loop (tests send on two connections back to back and expect the
// first request to run first). NB: a goroutine made runnable runs next,
// pushing the one made runnable before it to the back of the queue: the
// first is woken last.
func wakeInOrder(order []*polledConn, wake func(*polledConn)) {
	if len(order) == 0 {
		return
	}
	for _, pc := range order[1:] {
		wake(pc)
	}
	wake(order[0])
}

// settle is called by the client's goroutine when it has run what it was
// given and waits for input again (or ends).
func (pc *polledConn) settle() {
	if pc.owed.Swap(false) && pc.p.owed.Add(-1) == 0 && pc.p.stash.waiting.Load() {
		pc.p.stash.kick() // the stashed clients' turn
	}
}

// give hands pc a token meaning its socket may have data.
func (pc *polledConn) give() {
	pc.ready.Store(true)
	pc.handBack()
}

// handBack hands pc a token meaning the goroutine has work: data to read,
// or a client the poller gave back.
func (pc *polledConn) handBack() {
	if !pc.aside.Load() && pc.owed.CompareAndSwap(false, true) {
		pc.p.owed.Add(1)
	}
	pc.nudge()
}

// nudge wakes the goroutine without giving it anything to do.
func (pc *polledConn) nudge() {
	select {
	case pc.token <- struct{}{}:
	default:
	}
}

// pollNow hands out tokens for sockets that are ready now, without
// waiting, and reports how many. A goroutine that keeps the processor busy
// (a background save on a server given one core) calls it: Go's scheduler
// looks for ready sockets only when it runs out of work, or every 10 ms.
func (p *readPoller) pollNow() int {
	if !p.nowMu.TryLock() {
		return 0 // another job is polling right now
	}
	defer p.nowMu.Unlock()
	p.nowN = 0
	_ = p.rc.Control(p.nowPoll)
	n := p.nowN
	// NB: the caller is a background job, not the poller: clients are
	// woken to run on their own goroutines.
	p.hand(p.nowEvents[:n], false)
	return n
}

// register adds nc to the poller, or returns nil when nc has no descriptor
// to poll (tests may serve in-memory pipes).
func (p *readPoller) register(nc net.Conn, cl *client) connInput {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	pc := &polledConn{id: p.nextID.Add(1), rc: rc, token: make(chan struct{}, 1), cl: cl}
	pc.io.init()
	pc.p = p
	// Read first: the request may already be there. NB: the goroutine is
	// owed this token like any other, so requests sent on older
	// connections after this one's first do not run ahead of it.
	pc.give()
	ev := syscall.EpollEvent{
		Events: syscall.EPOLLIN | syscall.EPOLLRDHUP | (syscall.EPOLLET & 0xffffffff),
		Fd:     int32(uint32(pc.id)),
		Pad:    int32(uint32(pc.id >> 32)),
	}
	p.mu.Lock()
	p.conns[pc.id] = pc
	p.mu.Unlock()
	var cerr error
	if err := rc.Control(func(fd uintptr) {
		cerr = syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_ADD, int(fd), &ev)
	}); err != nil || cerr != nil {
		p.mu.Lock()
		delete(p.conns, pc.id)
		p.mu.Unlock()
		pc.settle()
		return nil
	}
	return pc
}

func (p *readPoller) unregister(in connInput) {
	pc, ok := in.(*polledConn)
	if !ok {
		return
	}
	p.mu.Lock()
	delete(p.conns, pc.id)
	p.mu.Unlock()
	pc.settle()
	// A closed descriptor leaves the epoll set by itself; one still open
	// (the client goroutine ends before the socket is closed) is removed.
	_ = pc.rc.Control(func(fd uintptr) {
		_ = syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_DEL, int(fd), nil)
	})
}

func (p *readPoller) close() {
	p.file.Close()
	<-p.done
	p.stash.close()
}

// Read reads once the socket may have data, without a read(2) that would
// only say EAGAIN.
func (pc *polledConn) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		if !pc.more && !pc.hup.Load() && !pc.nowait {
			// NB: a goroutine waiting for input has run what it was
			// given (a token may have found nothing to read): the poller
			// must not hold other clients back for it.
			pc.settle()
			if err := pc.wait(); err != nil {
				return 0, err
			}
			pc.ready.Store(false) // the token is spent on this read
		}
		n, err, rerr := pc.rawOp(b, false)
		if err != nil {
			return 0, err
		}
		switch {
		case rerr == nil && n > 0:
			pc.more = n == len(b)
			return n, nil
		case rerr == nil:
			// NB: whoever reads next must see the end again, not park
			// waiting for an edge that will not come.
			pc.hup.Store(true)
			return 0, io.EOF
		case rerr == syscall.EAGAIN:
			pc.more = false
			if pc.nowait {
				return 0, errWouldBlock
			}
			pc.wasted.Add(1)
		default:
			pc.hup.Store(true)
			return 0, &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", rerr)}
		}
	}
}

// wait blocks until the poller hands out a token, the client is killed or
// the read deadline passes.
func (pc *polledConn) wait() error {
	for pc.deadline.IsZero() {
		// NB: the wake-up channel is taken before the timeout is read:
		// CONFIG SET timeout stores it, then closes the channel.
		wake := pc.cl.s.idleWake.Load()
		if d := pc.cl.s.idleDeadline(pc.cl); !d.IsZero() {
			pc.deadline = d
			break
		}
		select {
		case <-pc.token:
			return nil
		case <-pc.cl.killed:
			return net.ErrClosed
		case <-*wake:
		}
	}
	select {
	case <-pc.token:
		return nil
	case <-pc.cl.killed:
		return net.ErrClosed
	default:
	}
	d := time.Until(pc.deadline)
	if d <= 0 {
		return os.ErrDeadlineExceeded
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-pc.token:
		return nil
	case <-pc.cl.killed:
		return net.ErrClosed
	case <-t.C:
		return os.ErrDeadlineExceeded
	}
}

// SetReadDeadline sets the idle timeout's deadline for the next reads.
func (pc *polledConn) SetReadDeadline(t time.Time) error {
	pc.deadline = t
	return nil
}

// writeNow writes as much of b as the socket takes without waiting.
func (pc *polledConn) writeNow(b []byte) (int, error) {
	n, err, werr := pc.rawOp(b, true)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		n = 0
	}
	switch werr {
	case nil, syscall.EAGAIN:
		return n, nil
	}
	return n, &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", werr)}
}
