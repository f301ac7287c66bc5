//go:build !linux

package server

import "net"

// readPoller is Linux-only; elsewhere clients read their net.Conn.
type readPoller struct{}

func newReadPoller(*Server) (*readPoller, error)           { return nil, nil }
func (p *readPoller) register(net.Conn, *client) connInput { return nil }
func (p *readPoller) unregister(connInput)                 {}
func (p *readPoller) pollNow() int                         { return 0 }
func (p *readPoller) close()                               {}

func (s *Server) waitInput(cl *client) error { return s.readMore(cl) }

type polledConn struct{}

func waitingOnKeys(*client, bool) {}

func (cl *client) standAside() {}
func (cl *client) backInLine() {}

func (s *Server) sendReplies(cl *client) error { return cl.flush() }

func (s *Server) logProgress() {}
