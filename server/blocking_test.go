package server

import (
	"fmt"
	"testing"
	"time"
)

func TestBlockingPopServedByPush(t *testing.T) {
	s := startServer(t)
	a, b, p := dial(t, s), dial(t, s), dial(t, s)
	a.send("BLPOP", "q", "0")
	a.bw.Flush()
	waitBlocked(t, s, 1) // a blocks first: it must be served first
	b.send("BLPOP", "q", "0")
	b.bw.Flush()
	waitBlocked(t, s, 2)
	p.expect("2", "RPUSH", "q", "one", "two")
	if r := a.read(); r.String() != "[q one]" {
		t.Fatalf("first blocked client got %v", r)
	}
	if r := b.read(); r.String() != "[q two]" {
		t.Fatalf("second blocked client got %v", r)
	}
	p.expect("0", "LLEN", "q")
}

func TestBlockingPopTimesOutAndUnblocks(t *testing.T) {
	s := startServer(t)
	a, p := dial(t, s), dial(t, s)
	start := time.Now()
	a.expect("(nil)", "BLPOP", "nothing", "0.1")
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Fatalf("timed out after %v", d)
	}
	id := a.do("CLIENT", "ID")
	a.send("BLPOP", "nothing", "0")
	a.bw.Flush()
	waitBlocked(t, s, 1)
	p.expect("1", "CLIENT", "UNBLOCK", id, "ERROR")
	if r := a.read(); r.String() != "ERR:UNBLOCKED client unblocked via CLIENT UNBLOCK" {
		t.Fatalf("unblocked with %v", r)
	}
	a.expect("PONG", "PING")
}

func TestBlockingInsideMultiDoesNotBlock(t *testing.T) {
	s := startServer(t)
	a := dial(t, s)
	a.expect("OK", "MULTI")
	a.expect("QUEUED", "BLPOP", "q", "0")
	a.expect("[(nil)]", "EXEC")
}

func waitBlocked(t *testing.T, s *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.eng.Lock()
		got := s.blocked.count
		s.eng.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(fmt.Sprintf("%d clients blocked, want %d", got, n))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBlockedPopIgnoresKeyReplacedByAnotherType(t *testing.T) {
	s := startServer(t)
	a, p := dial(t, s), dial(t, s)
	a.send("BLPOP", "list", "0")
	a.bw.Flush()
	waitBlocked(t, s, 1)
	p.expect("OK", "MULTI")
	p.expect("QUEUED", "LPUSH", "list", "a")
	p.expect("QUEUED", "DEL", "list")
	p.expect("QUEUED", "SET", "list", "foo")
	p.do("EXEC")
	p.expect("1", "DEL", "list") // a is still blocked
	p.expect("1", "LPUSH", "list", "b")
	if r := a.read(); r.String() != "[list b]" {
		t.Fatalf("blocked client got %v", r)
	}
}

func TestSwapdbWakesBlockedClient(t *testing.T) {
	s := startServer(t)
	a, p := dial(t, s), dial(t, s)
	p.expect("OK", "SELECT", "1")
	p.expect("1", "LPUSH", "k", "hello")
	a.send("BLPOP", "k", "0")
	a.bw.Flush()
	waitBlocked(t, s, 1)
	p.expect("OK", "SWAPDB", "0", "1")
	if r := a.read(); r.String() != "[k hello]" {
		t.Fatalf("blocked client got %v", r)
	}
}
