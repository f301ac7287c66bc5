package server

import (
	"io"
	"testing"
)

// A dump.rdb with no AOF yet: with appendonly yes the data is loaded and
// the log starts from it (Redis would start empty).
func TestAppendonlyStartLoadsDumpWhenNoAOF(t *testing.T) {
	dir := t.TempDir()
	s := startServerIn(t, dir, "--appendonly", "no")
	c := dial(t, s)
	c.expect("OK", "SET", "kept", "v")
	c.expect("OK", "SAVE")
	s.Close()

	s2 := startServerIn(t, dir, "--appendonly", "yes")
	c2 := dial(t, s2)
	c2.expect("v", "GET", "kept")
	s2.Close()

	s3 := startServerIn(t, dir, "--appendonly", "yes", "--dbfilename", "other.rdb")
	c3 := dial(t, s3)
	c3.expect("v", "GET", "kept") // now from the append only file
}

func startServerIn(t *testing.T, dir string, directives ...string) *Server {
	t.Helper()
	cfg := NewConfig()
	args := append([]string{"--port", "0", "--save", "", "--dir", dir}, directives...)
	if err := cfg.Load("", args); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Config: cfg, Logger: NewLogger(io.Discard, "warning")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
