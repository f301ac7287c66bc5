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
}

// polledConn is a client socket read through the poller.
type polledConn struct {
	id     uint64
	rc     syscall.RawConn
	token  chan struct{} // capacity 1: the socket may have data
	killed <-chan struct{}
	// more is true when the last read filled the caller's buffer: data may
	// be left in the socket, and an edge-triggered epoll will not say so
	// again.
	more     bool
	wasted   atomic.Uint64 // reads that found nothing (tests watch it)
	deadline time.Time
	// hup is set once the peer closed or the socket failed. A read that
	// returns the last data does not return the end of the stream, and no
	// new edge will come for it: from then on every Read reads.
	hup atomic.Bool
}

func newReadPoller() (*readPoller, error) {
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
	go p.run()
	return p, nil
}

// run harvests readiness until the poller is closed. It stays inside one
// RawConn.Read: Go resets the descriptor's readiness only when Read starts,
// so an edge that arrives while events are being handed out is never lost.
func (p *readPoller) run() {
	defer close(p.done)
	events := make([]syscall.EpollEvent, 256)
	_ = p.rc.Read(func(fd uintptr) bool {
		for {
			n, err := syscall.EpollWait(int(fd), events, 0)
			if err != nil {
				if err == syscall.EINTR {
					continue
				}
				return true
			}
			p.hand(events[:n])
			if n < len(events) {
				// Drained: wait for Go's poller to report the epoll
				// descriptor readable again.
				return false
			}
		}
	})
}

// hand gives a token to each client whose socket became ready.
func (p *readPoller) hand(events []syscall.EpollEvent) {
	if len(events) == 0 {
		return
	}
	p.mu.Lock()
	// NB: a goroutine made runnable runs next, pushing the one made
	// runnable before it to the back of the queue. Waking the first ready
	// client last makes clients run in the order their requests arrived,
	// as in Redis's event loop (tests send on two connections back to
	// back and expect the first request to run first).
	for i := range events {
		ev := events[(i+1)%len(events)]
		id := uint64(uint32(ev.Fd)) | uint64(uint32(ev.Pad))<<32
		if pc := p.conns[id]; pc != nil {
			if ev.Events&(syscall.EPOLLRDHUP|syscall.EPOLLHUP|syscall.EPOLLERR) != 0 {
				pc.hup.Store(true)
			}
			select {
			case pc.token <- struct{}{}:
			default:
			}
		}
	}
	p.mu.Unlock()
}

// pollNow hands out tokens for sockets that are ready now, without
// waiting, and reports how many. A goroutine that keeps the processor busy
// (a background save on a server given one core) calls it: Go's scheduler
// looks for ready sockets only when it runs out of work, or every 10 ms.
func (p *readPoller) pollNow() int {
	var events [64]syscall.EpollEvent
	n := 0
	_ = p.rc.Control(func(fd uintptr) {
		for {
			k, err := syscall.EpollWait(int(fd), events[:], 0)
			if err == syscall.EINTR {
				continue
			}
			if err == nil {
				n = k
			}
			return
		}
	})
	p.hand(events[:n])
	return n
}

// register adds nc to the poller, or returns nil when nc has no descriptor
// to poll (tests may serve in-memory pipes).
func (p *readPoller) register(nc net.Conn, killed <-chan struct{}) connInput {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	pc := &polledConn{id: p.nextID.Add(1), rc: rc, token: make(chan struct{}, 1), killed: killed}
	pc.token <- struct{}{} // read first: the request may already be there
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
	// A closed descriptor leaves the epoll set by itself; one still open
	// (the client goroutine ends before the socket is closed) is removed.
	_ = pc.rc.Control(func(fd uintptr) {
		_ = syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_DEL, int(fd), nil)
	})
}

func (p *readPoller) close() {
	p.file.Close()
	<-p.done
}

// Read reads once the socket may have data, without a read(2) that would
// only say EAGAIN.
func (pc *polledConn) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		if !pc.more && !pc.hup.Load() {
			if err := pc.wait(); err != nil {
				return 0, err
			}
		}
		var n int
		var rerr error
		if err := pc.rc.Read(func(fd uintptr) bool {
			for {
				n, rerr = syscall.Read(int(fd), b)
				if rerr != syscall.EINTR {
					return true
				}
			}
		}); err != nil {
			return 0, err
		}
		switch {
		case rerr == nil && n > 0:
			pc.more = n == len(b)
			return n, nil
		case rerr == nil:
			return 0, io.EOF
		case rerr == syscall.EAGAIN:
			pc.more = false
			pc.wasted.Add(1)
		default:
			return 0, &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", rerr)}
		}
	}
}

// wait blocks until the poller hands out a token, the client is killed or
// the read deadline passes.
func (pc *polledConn) wait() error {
	if pc.deadline.IsZero() {
		select {
		case <-pc.token:
			return nil
		case <-pc.killed:
			return net.ErrClosed
		}
	}
	select {
	case <-pc.token:
		return nil
	case <-pc.killed:
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
	case <-pc.killed:
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
