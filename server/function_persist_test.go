package server

import (
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

const testLib = "#!lua name=lib1\nredis.register_function('func1', function() return 123 end)"

// Function libraries are saved in dump.rdb and loaded at start; DEBUG
// RELOAD empties them with the keys and loads the file's.
func TestFunctionsInRDB(t *testing.T) {
	dir := t.TempDir()
	s, err := startOn(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, s)
	c.expect("lib1", "FUNCTION", "LOAD", testLib)
	c.expect("OK", "SAVE")
	c.expect("other", "FUNCTION", "LOAD", "#!lua name=other\nredis.register_function('f2', function() return 456 end)")
	c.expect("OK", "DEBUG", "RELOAD", "NOSAVE")
	c.expect("123", "FCALL", "func1", "0")
	c.expect("ERR:ERR Function not found", "FCALL", "f2", "0")
	s.Close()

	s2, err := startOn(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	c2 := dial(t, s2)
	c2.expect("123", "FCALL", "func1", "0")
}

// An AOF base with an RDB preamble keeps the libraries across a restart.
func TestFunctionsInAOFPreamble(t *testing.T) {
	fs := vfs.NewMem()
	s := startAOF(t, fs)
	c := dial(t, s)
	c.expect("lib1", "FUNCTION", "LOAD", testLib)
	c.expect("Background append only file rewriting started", "BGREWRITEAOF")
	waitFor(t, func() bool {
		return infoField(c, "aof_rewrite_in_progress") == "0" && infoField(c, "aof_rewrite_scheduled") == "0"
	})
	stop(t, s)
	s2 := startAOF(t, fs)
	defer stop(t, s2)
	c2 := dial(t, s2)
	c2.expect("123", "FCALL", "func1", "0")
}

// FUNCTION LOAD in an incremental AOF file replays at start.
func TestFunctionLoadReplaysFromAOF(t *testing.T) {
	fs := vfs.NewMem()
	s := startAOF(t, fs)
	c := dial(t, s)
	c.expect("lib1", "FUNCTION", "LOAD", testLib)
	stop(t, s)
	s2 := startAOF(t, fs)
	defer stop(t, s2)
	dial(t, s2).expect("123", "FCALL", "func1", "0")
}

// DEBUG LOADAOF brings back the libraries of the base and of the
// incremental files, and only those.
func TestDebugLoadaofRestoresFunctions(t *testing.T) {
	fs := vfs.NewMem()
	s := startAOF(t, fs)
	defer stop(t, s)
	c := dial(t, s)
	c.expect("lib1", "FUNCTION", "LOAD", testLib)
	c.expect("Background append only file rewriting started", "BGREWRITEAOF")
	waitFor(t, func() bool {
		return infoField(c, "aof_rewrite_in_progress") == "0" && infoField(c, "aof_rewrite_scheduled") == "0"
	})
	c.expect("lib2", "FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('func2', function() return 7 end)")
	c.expect("OK", "DEBUG", "LOADAOF")
	c.expect("123", "FCALL", "func1", "0")
	c.expect("7", "FCALL", "func2", "0")
}
