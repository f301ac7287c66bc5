package server

import (
	"fmt"
	"testing"
	"time"
)

// A client held by CLIENT PAUSE does not hold up Close.
func TestCloseDuringClientPause(t *testing.T) {
	s := startServer(t)
	a, b := dial(t, s), dial(t, s)
	a.expect("OK", "CLIENT", "PAUSE", "60000", "WRITE")
	b.sendNow("SET", "k", "v")
	deadline := time.Now().Add(5 * time.Second)
	for s.pausedClients.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for a paused client")
	}
}

// In WRITE mode an EXEC waits when its transaction holds a write, and runs
// at once when it holds only reads.
func TestPauseWriteHoldsExecOfWrites(t *testing.T) {
	s := startServer(t)
	a, b, r := dial(t, s), dial(t, s), dial(t, s)
	a.expect("OK", "MULTI")
	a.expect("QUEUED", "SET", "FOO", "BAR")
	b.expect("OK", "MULTI")
	b.expect("QUEUED", "GET", "FOO")
	r.expect("OK", "CLIENT", "PAUSE", "60000", "WRITE")
	b.expect("[(nil)]", "EXEC")
	expectHeldByPause(t, s, a, r, "[OK]", "EXEC")
}

// EVALSHA of a cached no-writes script and FCALL of a no-writes function
// are reads: CLIENT PAUSE WRITE lets them through; a script that may write
// waits.
func TestPauseWriteLetsStoredReadOnlyScriptsThrough(t *testing.T) {
	s := startServer(t)
	c, w, r := dial(t, s), dial(t, s), dial(t, s)
	sha := c.do("SCRIPT", "LOAD", "#!lua flags=no-writes\nreturn 2")
	shaW := c.do("SCRIPT", "LOAD", "return 3")
	c.expect("f1", "FUNCTION", "LOAD", "#!lua name=f1\nredis.register_function{function_name='f1', callback=function() return 'hello' end, flags={'no-writes'}}")
	r.expect("OK", "CLIENT", "PAUSE", "60000", "WRITE")
	if got := c.do("SCRIPT", "LOAD", "#!lua flags=no-writes\nreturn 4"); len(got) != 40 {
		t.Fatalf("SCRIPT LOAD under a write pause = %q", got)
	}
	c.expect("2", "EVALSHA", sha, "0")
	c.expect("hello", "FCALL", "f1", "0")
	expectHeldByPause(t, s, w, r, "3", "EVALSHA", shaW, "0")
}

// During a pause expired keys read as absent but are not deleted, by
// lookups or the active cycle; after it they are.
func TestPauseDefersExpiryDeletes(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("OK", "SET", "foo", "bar", "PX", "10")
	c.expect("OK", "CLIENT", "PAUSE", "50000", "WRITE")
	time.Sleep(300 * time.Millisecond) // past the expiry, and a few active cycles
	c.expect("(nil)", "GET", "foo")
	c.expect("1", "DBSIZE")
	if got := statsField(c, "expired_keys"); got != "0" {
		t.Fatalf("expired_keys during the pause = %s", got)
	}
	c.expect("OK", "CLIENT", "UNPAUSE")
	c.expect("(nil)", "GET", "foo")
	c.expect("0", "DBSIZE")
	if got := statsField(c, "expired_keys"); got != "1" {
		t.Fatalf("expired_keys after the pause = %s", got)
	}
}

// waitPaused waits until a client is held by CLIENT PAUSE, failing with
// why after 5 s.
// expectHeldByPause sends args on held, checks that the pause holds it,
// lifts the pause from unpauser and expects the reply want.
func expectHeldByPause(t *testing.T, s *Server, held, unpauser *testConn, want string, args ...string) {
	t.Helper()
	held.sendNow(args...)
	waitPaused(t, s, fmt.Sprintf("%v was not held by the pause", args))
	unpauser.expect("OK", "CLIENT", "UNPAUSE")
	if got := held.read().String(); got != want {
		t.Fatalf("%v = %s, want %s", args, got, want)
	}
}

func waitPaused(t *testing.T, s *Server, why string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.pausedClients.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal(why)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
