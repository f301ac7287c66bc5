package server

import "testing"

// A client that sends one request and waits for its reply must not cost a
// read(2) that finds nothing: the poller reads only readable sockets.
func TestPolledClientDoesNotReadEmptySocket(t *testing.T) {
	s := startServer(t)
	if s.poller == nil {
		t.Fatal("no read poller on Linux")
	}
	c := dial(t, s)
	const n = 2000
	for i := 0; i < n; i++ {
		c.expect("PONG", "PING")
	}
	s.mu.Lock()
	var pc *polledConn
	for _, cl := range s.clients {
		pc, _ = cl.in.(*polledConn)
	}
	s.mu.Unlock()
	if pc == nil {
		t.Fatal("client does not read through the poller")
	}
	// An edge that is harvested after its data was read gives one spurious
	// read now and then; one per request is what the poller removes.
	if w := pc.wasted.Load(); w > n/10 {
		t.Fatalf("%d empty reads for %d requests", w, n)
	}
}
