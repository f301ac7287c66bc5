package server

import (
	"testing"
	"time"
)

// A client held by CLIENT PAUSE does not hold up Close.
func TestCloseDuringClientPause(t *testing.T) {
	s := startServer(t)
	a, b := dial(t, s), dial(t, s)
	a.expect("OK", "CLIENT", "PAUSE", "60000", "WRITE")
	b.send("SET", "k", "v")
	b.bw.Flush()
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
