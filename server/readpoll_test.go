package server

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// The idle timeout closes a client that sends nothing, and only that one.
func TestIdleTimeoutClosesIdleClientOnly(t *testing.T) {
	s := startServer(t, "--timeout", "1")
	idle := dial(t, s)
	idle.expect("PONG", "PING")
	busy := dial(t, s)
	start := time.Now()
	for time.Since(start) < 2500*time.Millisecond {
		busy.expect("PONG", "PING")
		time.Sleep(100 * time.Millisecond)
	}
	_ = idle.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := idle.nc.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("idle client: read error %v, want EOF (closed by the server)", err)
	}
	busy.expect("PONG", "PING")
}

// Requests far larger than one read, and a pipeline that arrives in
// pieces, are read whole.
func TestLargeAndSplitRequests(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	big := strings.Repeat("v", 3<<20)
	c.expect("OK", "SET", "big", big)
	if got := c.do("STRLEN", "big"); got != "3145728" {
		t.Fatalf("STRLEN = %s", got)
	}
	req := "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
	for i := 0; i < len(req); i += 3 {
		end := min(i+3, len(req))
		if _, err := c.nc.Write([]byte(req[i:end])); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond)
	}
	if r := c.read(); r.Str != "OK" {
		t.Fatalf("SET: %+v", r)
	}
	if r := c.read(); r.Str != "hello" {
		t.Fatalf("GET: %+v", r)
	}
}

// A client that sends its last request and shuts its side down still gets
// its connection cleaned up.
func TestRequestThenHalfClose(t *testing.T) {
	s := startServer(t)
	nc, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if _, err := nc.Write([]byte("*3\r\n$3\r\nSET\r\n$2\r\nhc\r\n$1\r\n1\r\n")); err != nil {
		t.Fatal(err)
	}
	_ = nc.(*net.TCPConn).CloseWrite()
	c := dial(t, s)
	// NB: accepted in order, so once c is counted the first connection is
	// registered; then its goroutine must run the SET and go away.
	waitFor(t, func() bool { return s.stats.connectionsReceived.Load() == 2 })
	waitClients(t, s, 1)
	c.expect("1", "GET", "hc")
}
