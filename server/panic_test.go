package server

import (
	"testing"

	"github.com/strata-db/strata/engine"
)

func init() {
	// A command that exists only in the test binary and always panics.
	engine.Register(&engine.Command{Name: "test-panic", Arity: 1, Group: "server",
		Run: func(c *engine.Ctx) { panic("deliberate") }})
}

func TestPanickingCommandIsContained(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	if got := c.do("TEST-PANIC"); got != "ERR:ERR internal error while running 'test-panic' (a bug: please report it with the server log)" {
		t.Fatalf("reply = %q", got)
	}
	c.expect("PONG", "PING")
	other := dial(t, s)
	other.expect("OK", "SET", "k", "v")
	c.expect("OK", "MULTI")
	c.expect("QUEUED", "TEST-PANIC")
	c.expect("QUEUED", "GET", "k")
	c.do("EXEC")
	other.expect("v", "GET", "k")
}
