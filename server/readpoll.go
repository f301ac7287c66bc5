package server

import (
	"io"
	"net"
	"runtime"
	"time"
)

// A client's goroutine reads its socket only when the kernel has said the
// socket may hold data. net.Conn.Read tries read(2) first and parks on
// EAGAIN; a client that sends one request and waits for the reply (the
// common case) would cost one wasted read(2) per request, a third of the
// system calls of a GET. Redis's event loop reads only sockets that epoll
// reported readable; readPoller gives the goroutine-per-connection model the
// same pattern on Linux (readpoll_linux.go). Elsewhere clients read the
// net.Conn directly.

// connInput is where a client's request bytes come from.
type connInput interface {
	io.Reader
	SetReadDeadline(t time.Time) error
}

// input returns the reader for nc: a polled reader when the server has a
// poller and nc exposes its descriptor, else nc itself.
func (s *Server) input(nc net.Conn, cl *client) connInput {
	if s.poller != nil {
		if in := s.poller.register(nc, cl); in != nil {
			return in
		}
	}
	return nc
}

// releaseInput drops the poller's interest in a client's socket.
func (s *Server) releaseInput(in connInput) {
	if s.poller != nil {
		s.poller.unregister(in)
	}
}

// yieldEvery is how many keys a background job (BGSAVE, AOF rewrite)
// writes between two calls of yieldToClients, about 50 us of work.
const yieldEvery = 64

// yieldToClients lets clients whose requests are waiting run before a
// background job goes on. On a server given one core the job would
// otherwise hold the processor for whole scheduler slices, and Go would
// look at the sockets only every 10 ms: clients would wait behind the
// snapshot instead of the snapshot waiting for them.
func (s *Server) yieldToClients() {
	s.bgYielding.Store(true)
	if s.poller != nil {
		s.poller.pollNow()
	}
	runtime.Gosched()
}

// wakeIdleClients makes goroutines parked idle take their clients back
// (inline.go): the idle timeout changed, and reads must carry a deadline
// again.
func (s *Server) wakeIdleClients() {
	ch := make(chan struct{})
	if old := s.idleWake.Swap(&ch); old != nil {
		close(*old)
	}
}
