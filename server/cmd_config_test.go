package server

import (
	"net"
	"strings"
	"testing"
)

// Debugging directives stay out of CONFIG GET patterns but answer when
// named; immutable ones refuse CONFIG SET; maxmemory-clients takes a
// percentage up to 100; a refused CONFIG SET of several directives changes
// none of them.
func TestConfigHiddenImmutableAndPercent(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	if all := c.do("CONFIG", "GET", "*"); strings.Contains(all, "key-load-delay") || !strings.Contains(all, "maxmemory-policy") {
		t.Fatalf("CONFIG GET * hides the wrong directives: %s", all)
	}
	c.expect("[key-load-delay 0]", "CONFIG", "GET", "key-load-delay")
	if got := c.do("CONFIG", "SET", "daemonize", "yes"); !strings.Contains(got, "immutable") {
		t.Fatalf("CONFIG SET daemonize: %q", got)
	}
	c.expect("OK", "CONFIG", "SET", "maxmemory-clients", "10%")
	c.expect("[maxmemory-clients 10%]", "CONFIG", "GET", "maxmemory-clients")
	c.expect("OK", "CONFIG", "SET", "maxmemory", "10000002")
	c.expect("ERR:ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100",
		"CONFIG", "SET", "maxmemory", "10000001", "maxmemory-clients", "200%", "client-query-buffer-limit", "invalid")
	c.expect("[maxmemory 10000002]", "CONFIG", "GET", "maxmemory")
	c.expect("[maxmemory-clients 10%]", "CONFIG", "GET", "maxmemory-clients")
}

// CONFIG SET port moves the listener; a port in use is refused with every
// directive of the same CONFIG SET left as it was.
func TestConfigSetPort(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, busyPort, _ := net.SplitHostPort(busy.Addr().String())
	_, oldPort, _ := net.SplitHostPort(s.Addr().String())

	before := c.do("CONFIG", "GET", "port")
	got := c.do("CONFIG", "SET", "maxmemory", "10000001", "port", busyPort)
	if !strings.HasPrefix(got, "ERR:ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port") {
		t.Fatalf("CONFIG SET to a busy port: %q", got)
	}
	c.expect(before, "CONFIG", "GET", "port")
	c.expect("[maxmemory 0]", "CONFIG", "GET", "maxmemory")
	if nc, err := net.Dial("tcp", "127.0.0.1:"+oldPort); err != nil {
		t.Fatalf("old port after a refused change: %v", err)
	} else {
		nc.Close()
	}

	free := freeAddr(t)
	_, newPort, _ := net.SplitHostPort(free)
	c.expect("OK", "CONFIG", "SET", "port", newPort)
	c.expect("PONG", "PING") // connections already open stay
	nc, err := net.Dial("tcp", free)
	if err != nil {
		t.Fatalf("new port: %v", err)
	}
	nc.Close()
	if nc, err := net.Dial("tcp", "127.0.0.1:"+oldPort); err == nil {
		nc.Close()
		t.Fatal("old port still accepts")
	}
}
