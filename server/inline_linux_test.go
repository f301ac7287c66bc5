package server

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/strata-db/strata/engine"
)

// polled returns the poller side of the only client connected to s.
func polled(t *testing.T, s *Server) *polledConn {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.clients) != 1 {
		t.Fatalf("%d clients, want 1", len(s.clients))
	}
	for _, cl := range s.clients {
		if pc, ok := cl.in.(*polledConn); ok {
			return pc
		}
	}
	t.Fatal("client does not read through the poller")
	return nil
}

// A client that sends a request and waits for the reply is served by the
// poller: its goroutine stays parked.
func TestIdleClientServedByPoller(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("OK", "SET", "k", "v")
	pc := polled(t, s)
	before := pc.inlined.Load()
	const n = 500
	for i := 0; i < n; i++ {
		c.expect("v", "GET", "k")
	}
	if got := pc.inlined.Load() - before; got < n*9/10 {
		t.Fatalf("the poller ran %d of %d requests", got, n)
	}
}

// Commands that may wait go to the client's goroutine, with what was
// pipelined after them, and replies keep their order.
func TestHandOffKeepsPipelineOrder(t *testing.T) {
	// NB: one processor, as the server binary runs: with two, the client's
	// goroutine may still be finishing its turn when the next GET arrives
	// and serve it itself (the test failed 4-7 times in 20 that way).
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	s := startServer(t)
	c := dial(t, s)
	c.expect("PONG", "PING")
	c.send("SET", "a", "1")
	c.send("BLPOP", "nolist", "0.05") // blocking: the goroutine runs it
	c.send("INCR", "a")
	c.send("MULTI")
	c.send("INCR", "a")
	c.send("EXEC")
	c.send("GET", "a")
	if err := c.bw.Flush(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"OK", "(nil)", "2", "OK", "QUEUED", "[3]", "3"} {
		if got := c.read().String(); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	}
	// And the client is served by the poller again afterwards.
	pc := polled(t, s)
	before := pc.inlined.Load()
	for i := 0; i < 50; i++ {
		c.expect("3", "GET", "a")
	}
	if pc.inlined.Load()-before < 40 {
		t.Fatal("the client did not go back to the poller")
	}
}

// A reply bigger than the socket takes is finished by the goroutine; the
// poller goes on serving other clients meanwhile.
func TestBigReplyDoesNotHoldThePoller(t *testing.T) {
	s := startServer(t)
	big := strings.Repeat("x", 32<<20)
	s.eng.Lock()
	s.eng.DB(0).Set("big", engine.StringValue(big))
	s.eng.Unlock()
	slow := dial(t, s)
	slow.expect("PONG", "PING")
	slow.sendNow("GET", "big") // and read nothing for now
	other := dial(t, s)
	for i := 0; i < 20; i++ {
		other.expect("PONG", "PING")
	}
	if got := slow.read().String(); len(got) != len(big) {
		t.Fatalf("big reply: %d bytes, want %d", len(got), len(big))
	}
	slow.expect("PONG", "PING")
}

// Setting an idle timeout reaches clients already parked idle.
func TestTimeoutReachesParkedClients(t *testing.T) {
	s := startServer(t)
	idle := dial(t, s)
	idle.expect("PONG", "PING")
	admin := dial(t, s)
	admin.expect("OK", "CONFIG", "SET", "timeout", "1")
	_ = idle.nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := idle.nc.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("parked client: read error %v, want EOF (closed by the idle timeout)", err)
	}
}

// CLIENT KILL closes a client whose goroutine is parked idle.
func TestKillParkedClient(t *testing.T) {
	s := startServer(t)
	victim := dial(t, s)
	victim.expect("OK", "CLIENT", "SETNAME", "victim")
	id := victim.do("CLIENT", "ID")
	admin := dial(t, s)
	admin.expect("1", "CLIENT", "KILL", "ID", id)
	_ = victim.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := victim.nc.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("killed client: read error %v, want EOF", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if admin.do("CLIENT", "LIST", "ID", id) == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("killed client still listed")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A client blocked for long does not keep the poller from serving the
// others itself.
func TestBlockedClientLeavesOthersToThePoller(t *testing.T) {
	s := startServer(t)
	blocked := dial(t, s)
	blocked.expect("PONG", "PING")
	blocked.sendNow("BLPOP", "nothing", "0")
	waitBlocked(t, s, 1)
	c := dial(t, s)
	c.expect("PONG", "PING")
	var pc *polledConn
	s.mu.Lock()
	for _, cl := range s.clients {
		if p, ok := cl.in.(*polledConn); ok && cl.block == nil {
			pc = p
		}
	}
	s.mu.Unlock()
	before := pc.inlined.Load()
	for i := 0; i < 100; i++ {
		c.expect("PONG", "PING")
	}
	if got := pc.inlined.Load() - before; got < 90 {
		t.Fatalf("the poller ran %d of 100 requests while a client was blocked", got)
	}
	c.expect("1", "LPUSH", "nothing", "x")
	if got := blocked.read().String(); got != "[nothing x]" {
		t.Fatalf("BLPOP = %s", got)
	}
}

// A client that closes its connection is cleaned up whichever side reads
// the end of the stream.
func TestClosedIdleClientsGoAway(t *testing.T) {
	s := startServer(t)
	for i := 0; i < 50; i++ {
		c := dial(t, s)
		c.expect("PONG", "PING")
		c.send("PING")
		_ = c.bw.Flush()
		c.nc.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		n := len(s.clients)
		s.mu.Unlock()
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d closed clients still connected", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Clients keep being served while a background save polls their sockets
// from its own goroutine (yieldToClients), and none is lost between the
// two pollers. (Run it with -race: both call readPoller.hand.)
func TestIdleClientsDuringBackgroundSave(t *testing.T) {
	s := startServer(t)
	admin := dial(t, s)
	admin.expect("OK", "DEBUG", "POPULATE", "200000")
	stop := make(chan struct{})
	saved := make(chan int, 1)
	go func() {
		n := 0
		// NB: the helpers stop a failing goroutine with t.Fatal; the
		// deferred send still reports.
		defer func() { saved <- n }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if admin.do("BGSAVE") == "Background saving started" {
				n++
			}
			admin.waitBgsave()
		}
	}()
	errs := make(chan error, 10)
	for i := 0; i < 10; i++ {
		c := dial(t, s)
		go func() {
			err := errors.New("client stopped early")
			defer func() { errs <- err }()
			for j := 0; j < 300; j++ {
				if got := c.do("SET", "k", "v"); got != "OK" {
					err = fmt.Errorf("SET = %s", got)
					return
				}
				if got := c.do("GET", "k"); got != "v" {
					err = fmt.Errorf("GET = %s", got)
					return
				}
			}
			err = nil
		}()
	}
	for i := 0; i < 10; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if n := <-saved; n == 0 {
		t.Fatal("no background save ran during the test")
	}
}

// Handing out readiness makes no garbage: on a server holding a big
// keyspace every allocation per wake-up brings the next collection closer,
// and on one core a collection's marking stalls clients (it was one 512-byte
// array per wake-up, most of an idle server's garbage).
func TestPollerHandsOutWithoutGarbage(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("PONG", "PING")
	pc := polled(t, s)
	p := pc.p
	events := []syscall.EpollEvent{{Events: syscall.EPOLLIN, Fd: int32(uint32(pc.id)), Pad: int32(uint32(pc.id >> 32))}}
	// NB: AllocsPerRun counts the whole process; the best of three keeps
	// a stray allocation of the server's own goroutines out of it.
	least := func(f func()) float64 {
		n := testing.AllocsPerRun(200, f)
		for i := 0; i < 2; i++ {
			n = min(n, testing.AllocsPerRun(200, f))
		}
		return n
	}
	if n := least(func() { p.hand(events, false) }); n != 0 {
		t.Errorf("hand: %.2f allocations per call", n)
	}
	if n := least(func() { p.pollNow() }); n != 0 {
		t.Errorf("pollNow: %.2f allocations per call", n)
	}
	c.expect("PONG", "PING") // the tokens did no harm
}

// Stream consumers that poll (XREAD and XREADGROUP without BLOCK) cannot
// block, so the poller serves them like any read; with BLOCK they still
// wait on their goroutine, and a group or consumer named BLOCK only loses
// the fast path.
func TestStreamPollingServedByPoller(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.do("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
	for i := 0; i < 200; i++ {
		c.do("XADD", "s", "*", "f", "v")
	}
	pc := polled(t, s)
	before := pc.inlined.Load()
	const n = 200
	for i := 0; i < n; i++ {
		if r := c.read2("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">"); r.Type != '*' || r.Null {
			t.Fatalf("XREADGROUP: %v", r)
		}
	}
	if got := pc.inlined.Load() - before; got < n*9/10 {
		t.Fatalf("the poller ran %d of %d XREADGROUPs", got, n)
	}
	start := time.Now()
	c.expect("(nil)", "XREAD", "BLOCK", "50", "STREAMS", "s", "$")
	// NB: the server times the block from its clock reading for the
	// command, a little before this one's: allow for it.
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatalf("XREAD BLOCK 50 returned after %v: it did not block", d)
	}
	c.expect("(nil)", "XREADGROUP", "GROUP", "g", "BLOCK", "COUNT", "1", "STREAMS", "s", ">")
	c.expect("(nil)", "XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
}
