package server

import (
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
