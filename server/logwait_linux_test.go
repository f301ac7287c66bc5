package server

import (
	"strconv"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// startLogged starts a server with the log on under policy.
func startLogged(t *testing.T, policy string) *Server {
	return startAOF(t, vfs.NewMem(), "--appendfsync", policy)
}

// waitParkedIdle waits until pc's goroutine has parked idle. A goroutine
// that woke to find nothing to read waits in its own read until the next
// request: c pings until it parks.
func waitParkedIdle(t *testing.T, c *testConn, pc *polledConn) {
	t.Helper()
	for i := 0; pc.state.Load() != connIdle; i++ {
		if i == 1000 {
			t.Fatalf("the client never parked idle (state %d)", pc.state.Load())
		}
		if i%10 == 9 {
			c.expect("PONG", "PING")
		}
		time.Sleep(time.Millisecond)
	}
}

// polledConnByID returns the poller's side of the client with that id.
func polledConnByID(t *testing.T, s *Server, id string) *polledConn {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, cl := range s.clients {
		if strconv.FormatInt(cl.id, 10) == id {
			if pc, ok := cl.in.(*polledConn); ok {
				return pc
			}
		}
	}
	t.Fatalf("no polled client with id %s", id)
	return nil
}

// Replies that wait for the log are sent by the releaser, not by each
// client's goroutine: under every policy, a client sending one write at a
// time is answered without its goroutine waking.
func TestLogWaitRepliesFromReleaser(t *testing.T) {
	for _, policy := range []string{"always", "everysec", "no"} {
		t.Run(policy, func(t *testing.T) {
			s := startLogged(t, policy)
			c := dial(t, s)
			c.expect("PONG", "PING")
			pc := polled(t, s)
			const n = 300
			for i := range n {
				c.expect("OK", "SET", "k", strconv.Itoa(i))
			}
			// NB: the log's own timer may hand bytes over and finish a
			// write before the poller's turn ends; the reply then goes at
			// once, as it may.
			if got := pc.logReleased.Load(); got < n/2 {
				t.Fatalf("%d of %d replies sent by the releaser", got, n)
			}
			c.expect(strconv.Itoa(n-1), "GET", "k")
		})
	}
}

// Under always a held reply goes only after its fsync. A request the
// client sends meanwhile runs at once, in order, and its reply queues
// behind the first; a request sent afterwards on another connection runs
// after it.
func TestLogWaitHoldsRepliesUntilFsync(t *testing.T) {
	s := startLogged(t, "always")
	c, other := dial(t, s), dial(t, s)
	// NB: a connection's first request is read by its goroutine; once it
	// has parked idle, the poller reads the next (a client on its
	// goroutine waits for the log there: docs/server.md).
	c.expect("PONG", "PING")
	waitParkedIdle(t, c, polledConnByID(t, s, c.do("CLIENT", "ID")))
	other.expect("OK", "DEBUG", "AOF-DELAY-FSYNC", "300")
	start := time.Now()
	c.sendNow("SET", "k", "1")
	time.Sleep(30 * time.Millisecond) // the SET waits for its fsync
	c.sendNow("APPEND", "k", "2")
	time.Sleep(30 * time.Millisecond)
	other.sendNow("APPEND", "k", "3")
	if got := c.read().String(); got != "OK" {
		t.Fatalf("SET answered %s", got)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Fatalf("SET answered after %v, before its fsync", d)
	}
	if got := c.read().String(); got != "2" {
		t.Fatalf("APPEND sent while the SET was held answered %s, want 2", got)
	}
	if got := other.read().String(); got != "3" {
		t.Fatalf("APPEND on the other connection answered %s, want 3 (it must run last)", got)
	}
	other.expect("OK", "DEBUG", "AOF-DELAY-FSYNC", "0")
	c.expect("123", "GET", "k")
}

// A client killed while its reply is held is closed, and the server goes
// on serving others.
func TestLogWaitKilledClient(t *testing.T) {
	s := startLogged(t, "always")
	c, admin := dial(t, s), dial(t, s)
	id := c.do("CLIENT", "ID")
	admin.expect("OK", "DEBUG", "AOF-DELAY-FSYNC", "200")
	c.sendNow("SET", "k", "1")
	time.Sleep(30 * time.Millisecond)
	admin.expect("1", "CLIENT", "KILL", "ID", id)
	_ = c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, err := c.rr.Read(); err != nil {
			break // closed (the durable SET's reply may come first)
		}
	}
	admin.expect("OK", "DEBUG", "AOF-DELAY-FSYNC", "0")
	admin.expect("1", "GET", "k")
	admin.expect("OK", "SET", "k", "2")
}
