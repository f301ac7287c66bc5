package server

import (
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// stallClient makes the goroutine of the client named name stop, once,
// after it sent its replies and before it waits for input, until release
// is closed. It returns a channel closed when the goroutine has stopped.
func stallClient(s *Server, name string, release <-chan struct{}) <-chan struct{} {
	stopped := make(chan struct{})
	var once atomic.Bool
	hook := func(cl *client) {
		if cl.name == name && once.CompareAndSwap(false, true) {
			close(stopped)
			<-release
		}
	}
	s.beforeWaitInput.Store(&hook)
	return stopped
}

// setGrace sets how long a stalled goroutine holds the stash.
func setGrace(s *Server, d time.Duration) {
	s.poller.mu.Lock()
	s.poller.stash.graceFor = d
	s.poller.mu.Unlock()
}

// A request that arrives while an earlier client's goroutine has not come
// back (a thread the OS did not run, here a stalled goroutine) runs after
// the request that client sent before it: Redis's order. Before the stash,
// the SET ran at once on its own goroutine and the XREADGROUP, sent
// first, found a string.
func TestStashKeepsArrivalOrderBehindOwedGoroutine(t *testing.T) {
	s := startServer(t)
	setGrace(s, time.Minute)
	release := make(chan struct{})
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	stopped := stallClient(s, "rd", release)
	r := dial(t, s)
	r.do("XADD", "mystream", "666", "f", "v")
	r.expect("OK", "XGROUP", "CREATE", "mystream", "mygroup", "$")
	rd := dial(t, s)
	rd.sendNow("CLIENT", "SETNAME", "rd") // run by rd's goroutine, which then stalls
	<-stopped
	if got := rd.read().String(); got != "OK" {
		t.Fatalf("CLIENT SETNAME = %s", got)
	}
	rd.sendNow("XREADGROUP", "GROUP", "mygroup", "Alice", "BLOCK", "0", "STREAMS", "mystream", ">")
	time.Sleep(20 * time.Millisecond) // NB: arrival order across sockets
	r.sendNow("SET", "mystream", "val1")
	time.Sleep(50 * time.Millisecond) // the poller has seen both sockets
	close(release)
	if got := r.read().String(); got != "OK" {
		t.Fatalf("SET = %s", got)
	}
	if got := rd.read().String(); !strings.Contains(got, "no longer exists") {
		t.Fatalf("XREADGROUP = %s, want the UNBLOCKED error (it ran after the SET)", got)
	}
}

// A goroutine that stays owed holds other clients back for the grace at
// most: they are served while it is still stalled.
func TestStashGraceBoundsAStalledGoroutine(t *testing.T) {
	s := startServer(t)
	setGrace(s, 20*time.Millisecond)
	release := make(chan struct{})
	defer close(release)
	stopped := stallClient(s, "slow", release)
	r := dial(t, s)
	r.expect("PONG", "PING")
	slow := dial(t, s)
	slow.sendNow("CLIENT", "SETNAME", "slow")
	<-stopped
	slow.sendNow("PING") // its socket becomes ready while it is stalled
	time.Sleep(20 * time.Millisecond)
	_ = r.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	r.expect("v", "ECHO", "v")
	r.expect("OK", "SET", "k", "1")
}

// A goroutine waiting for the log's fsync stands aside: a read on another
// connection is answered before the write's reply, not after the fsync.
func TestStashLogWaitStandsAside(t *testing.T) {
	s := startLogged(t, "always")
	setGrace(s, time.Minute)
	w, r := dial(t, s), dial(t, s)
	r.expect("OK", "SET", "settled", "x")
	// NB: an fsync of 800 ms against a bound of 400 ms, far from a busy
	// machine's scheduling delays.
	r.expect("OK", "DEBUG", "AOF-DELAY-FSYNC", "800")
	// NB: MULTI runs on the goroutine, which waits for the log itself.
	w.expect("OK", "MULTI")
	w.expect("QUEUED", "SET", "k", "1")
	start := time.Now()
	w.sendNow("EXEC")
	time.Sleep(30 * time.Millisecond) // the EXEC waits for its fsync
	if got := r.do("GET", "settled"); got != "x" {
		t.Fatalf("GET = %s", got)
	}
	if d := time.Since(start); d > 400*time.Millisecond {
		t.Fatalf("GET of a settled key answered after %v: it waited for another client's fsync", d)
	}
	if got := w.read().String(); got != "[OK]" {
		t.Fatalf("EXEC = %s", got)
	}
	r.expect("OK", "DEBUG", "AOF-DELAY-FSYNC", "0")
}

// CLIENT PAUSE: a paused writer stands aside, and reads from others go on.
func TestStashPausedClientStandsAside(t *testing.T) {
	s := startServer(t)
	setGrace(s, time.Minute)
	p, w, r := dial(t, s), dial(t, s), dial(t, s)
	p.expect("OK", "CLIENT", "PAUSE", "500", "WRITE")
	start := time.Now()
	w.sendNow("SET", "k", "1")
	time.Sleep(30 * time.Millisecond)
	r.expect("PONG", "PING")
	if d := time.Since(start); d > 300*time.Millisecond {
		s.mu.Lock()
		for _, cl := range s.clients {
			if pc, ok := cl.in.(*polledConn); ok {
				t.Logf("client %d %q owed %v state %d ready %v", cl.id, cl.name, pc.owed.Load(), pc.state.Load(), pc.ready.Load())
			}
		}
		s.mu.Unlock()
		t.Logf("poller owed %d", s.poller.owed.Load())
		t.Fatalf("PING answered after %v, behind a paused writer", d)
	}
	if got := w.read().String(); got != "OK" {
		t.Fatalf("SET = %s", got)
	}
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Fatalf("SET answered after %v, inside the pause", d)
	}
}

// A goroutine whose reader does not take its reply stands aside: others
// are served while it waits for the socket.
func TestStashSlowReaderStandsAside(t *testing.T) {
	s := startServer(t)
	setGrace(s, time.Minute)
	big, r := dial(t, s), dial(t, s)
	r.expect("OK", "SET", "big", strings.Repeat("x", 32<<20))
	big.sendNow("GET", "big") // and reads nothing yet
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	r.expect("PONG", "PING")
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("PING answered after %v, behind a reader that takes nothing", d)
	}
	if got := big.read().String(); len(got) != 32<<20 {
		t.Fatalf("GET big returned %d bytes", len(got))
	}
}

// A goroutine that settles after the server closed may still kick: the
// kick must not reach whatever descriptor took the eventfd's number.
func TestStashKickAfterCloseWritesNothing(t *testing.T) {
	s := startServer(t)
	p := s.poller
	fd := p.stash.kickFd
	s.Close()
	// NB: Linux hands out the lowest free number: the next files opened
	// take the eventfd's.
	var f *os.File
	for i := 0; i < 64 && f == nil; i++ {
		g, err := os.CreateTemp(t.TempDir(), "reuse")
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		if int(g.Fd()) == fd {
			f = g
		}
	}
	if f == nil {
		t.Fatalf("no file took descriptor %d", fd)
	}
	p.stash.kick()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() != 0 {
		t.Fatalf("the file that took the eventfd's number holds %d bytes", fi.Size())
	}
}
