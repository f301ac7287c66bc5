package server

import (
	"io"
	"net"
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
func (s *Server) input(nc net.Conn, killed <-chan struct{}) connInput {
	if s.poller != nil {
		if in := s.poller.register(nc, killed); in != nil {
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
