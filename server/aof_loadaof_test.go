package server

import (
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

func TestDebugLoadAOFReloadsTheLog(t *testing.T) {
	s := startAOF(t, vfs.NewMem(), "--appendfsync", "everysec")
	c := dial(t, s)
	c.expect("OK", "SET", "a", "1")
	c.expect("3", "RPUSH", "l", "x", "y", "z")
	c.expect("OK", "SELECT", "3")
	c.expect("OK", "SET", "b", "2")
	c.expect("OK", "DEBUG", "LOADAOF")
	c.expect("2", "GET", "b")
	c.expect("OK", "SELECT", "0")
	c.expect("1", "GET", "a")
	c.expect("[x y z]", "LRANGE", "l", "0", "-1")
	c.expect("OK", "SET", "after", "3") // the log goes on after the reload
	c.expect("OK", "DEBUG", "LOADAOF")
	c.expect("3", "GET", "after")
}

func TestBgrewriteaofWithAppendonlyOffWritesTheDirectory(t *testing.T) {
	dir := t.TempDir()
	s := startServerIn(t, dir, "--appendonly", "no")
	c := dial(t, s)
	c.expect("OK", "SET", "k", "v")
	c.expect("Background append only file rewriting started", "BGREWRITEAOF")
	s.Close()
	s2 := startServerIn(t, dir, "--appendonly", "yes", "--dbfilename", "none.rdb")
	dial(t, s2).expect("v", "GET", "k")
}
