package server

import (
	"strconv"
	"testing"
)

// UNLINK counts a value Redis would free in the background (more than 64
// allocations) in lazyfreed_objects, a small one not; CONFIG RESETSTAT
// zeroes the count.
func TestLazyfreedObjects(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	args := []string{"SADD", "big"}
	for i := 0; i < 1000; i++ {
		args = append(args, "m"+strconv.Itoa(i))
	}
	c.expect("1000", args...)
	c.expect("3", "SADD", "small", "a", "b", "c")
	c.expect("1", "UNLINK", "small")
	if got := sectionField(c, "memory", "lazyfreed_objects"); got != "0" {
		t.Fatalf("lazyfreed_objects after a small UNLINK = %s", got)
	}
	c.expect("1", "UNLINK", "big")
	if got := sectionField(c, "memory", "lazyfreed_objects"); got != "1" {
		t.Fatalf("lazyfreed_objects after a big UNLINK = %s", got)
	}
	c.expect("OK", "CONFIG", "RESETSTAT")
	if got := sectionField(c, "memory", "lazyfreed_objects"); got != "0" {
		t.Fatalf("lazyfreed_objects after RESETSTAT = %s", got)
	}
}
