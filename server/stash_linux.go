package server

import (
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Clients that become ready while goroutines are owed their turn wait in
// the stash.
//
// Redis reads and runs the clients of one event loop turn before it looks
// for the next: a request sent after another, on any connection, runs
// after it. Here a client that needs its goroutine (a request that may
// wait, a pipeline, a new connection) is handed a token and is owed its
// turn until the goroutine comes back to wait for input. The poller used
// to hand tokens for the next sockets meanwhile, and two goroutines then
// raced: on a busy machine the first one's thread can be descheduled
// inside a system call (the write of its last reply), Go hands the
// processor on, and a request that arrived later on another connection
// runs first. A client blocked in XREADGROUP then never saw the SET that
// its test sent just after it.
//
// Now the poller stashes every ready client while any goroutine is owed,
// and the last goroutine to come back kicks it (an eventfd in the poller's
// epoll set); the stashed clients then run in the order they became ready,
// ahead of any that became ready since. A goroutine about to wait for
// something that may take long (the log's fsync, a socket that does not
// take its reply, CLIENT PAUSE) stands aside first (client.standAside),
// as one waiting for a blocking command's keys always did. Anything else
// that keeps a goroutine owed (DEBUG SLEEP, an OS that does not run its
// thread) holds the others back for at most stashGrace; after that they
// are handed tokens as before.
type stash struct {
	list []*polledConn // guarded by readPoller.mu
	// waiting: the list is held for owed goroutines; the last to settle
	// kicks the poller.
	waiting atomic.Bool
	// due: the grace ran out; hand the list out though goroutines are
	// still owed.
	due   atomic.Bool
	armed bool // the grace timer runs (guarded by readPoller.mu)
	grace *time.Timer
	// graceFor is stashGrace; tests that stall a goroutine on purpose
	// raise it (under readPoller.mu).
	graceFor time.Duration
	// kickMu guards the eventfd's life: a goroutine settling after the
	// poller closed must not write to a descriptor number reused since.
	kickMu sync.RWMutex
	kickFd int // -1 once closed
}

// stashGrace bounds how long a goroutine that stays owed holds the
// stashed clients back.
const stashGrace = 10 * time.Millisecond

// kickID is the kick's id in the epoll set; clients' ids start at 1.
const kickID = 0

// initStash makes the kick's eventfd and adds it to epfd.
func (p *readPoller) initStash(epfd int) error {
	fd, _, errno := syscall.RawSyscall(syscall.SYS_EVENTFD2, 0, syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if errno != 0 {
		return os.NewSyscallError("eventfd2", errno)
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN | (syscall.EPOLLET & 0xffffffff), Fd: kickID}
	if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, int(fd), &ev); err != nil {
		syscall.Close(int(fd))
		return os.NewSyscallError("epoll_ctl", err)
	}
	p.stash.kickFd = int(fd)
	p.stash.graceFor = stashGrace
	p.stash.grace = time.AfterFunc(time.Hour, p.graceOver)
	p.stash.grace.Stop()
	return nil
}

// graceOver runs when a held stash has waited stashGrace.
func (p *readPoller) graceOver() {
	p.mu.Lock()
	// NB: a timer stopped too late still fires; only a held stash is due.
	if p.stash.armed {
		p.stash.due.Store(true)
	}
	p.mu.Unlock()
	p.stash.kick()
}

// holdStash reports whether the stashed clients wait for owed goroutines,
// arming the grace timer if so. Called with p.mu held.
func (p *readPoller) holdStash() bool {
	st := &p.stash
	if p.owed.Load() == 0 || st.due.Load() {
		return false
	}
	// NB: waiting is set before owed is read again, and settle lowers
	// owed before it reads waiting: one of the two sees the other, so the
	// stash is never left waiting for a kick that nobody sends.
	st.waiting.Store(true)
	if p.owed.Load() == 0 {
		return false
	}
	if !st.armed {
		st.armed = true
		st.grace.Reset(st.graceFor)
	}
	return true
}

// restash puts clients the poller took but did not run back at the front
// of the stash, in their order.
func (p *readPoller) restash(pcs []*polledConn) {
	if len(pcs) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	st := &p.stash
	// NB: a background job's poll may have stashed one of them again.
	rest := slices.DeleteFunc(st.list, func(pc *polledConn) bool { return slices.Contains(pcs, pc) })
	st.list = slices.Insert(rest, 0, pcs...)
	for _, pc := range pcs {
		pc.stashed = true
	}
}

// released is called once the stash was handed out, with p.mu held.
func (st *stash) released() {
	st.waiting.Store(false)
	st.due.Store(false)
	if st.armed {
		st.armed = false
		st.grace.Stop()
	}
}

// kick wakes the poller to look at the stash.
func (st *stash) kick() {
	one := [8]byte{1} // a native-endian uint64, non-zero on any platform
	st.kickMu.RLock()
	defer st.kickMu.RUnlock()
	if st.kickFd >= 0 {
		_, _ = syscall.Write(st.kickFd, one[:])
	}
}

// drainKick resets the eventfd's counter after a kick (the epoll set
// reports every write edge-triggered whatever the counter holds).
func (st *stash) drainKick() {
	var b [8]byte
	st.kickMu.RLock()
	defer st.kickMu.RUnlock()
	if st.kickFd >= 0 {
		_, _ = syscall.Read(st.kickFd, b[:])
	}
}

func (st *stash) close() {
	st.grace.Stop()
	st.kickMu.Lock()
	defer st.kickMu.Unlock()
	if st.kickFd >= 0 {
		syscall.Close(st.kickFd)
		st.kickFd = -1
	}
}

// standAside tells the poller that cl's goroutine is about to wait for
// something that may take long: clients that became ready after it need
// not wait for it to come back, nor for it while it waits. backInLine
// ends that.
func (cl *client) standAside() {
	if pc, ok := cl.in.(*polledConn); ok {
		pc.aside.Store(true)
		pc.settle()
	}
}

func (cl *client) backInLine() {
	if pc, ok := cl.in.(*polledConn); ok {
		pc.aside.Store(false)
	}
}

// sendReplies writes cl's replies from its own goroutine. When the socket
// does not take them all at once, the goroutine stands aside before it
// waits for the reader.
func (s *Server) sendReplies(cl *client) error {
	pc, ok := cl.in.(*polledConn)
	if !ok {
		return cl.flush()
	}
	if s.flushNow(cl, pc) {
		return nil
	}
	cl.standAside()
	defer cl.backInLine()
	return cl.flush()
}
