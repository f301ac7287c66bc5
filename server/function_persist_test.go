package server

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/rdb"
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
	expectFunctionAfterAOFRestart(t, fs, s)
}

// FUNCTION LOAD in an incremental AOF file replays at start.
func TestFunctionLoadReplaysFromAOF(t *testing.T) {
	fs := vfs.NewMem()
	s := startAOF(t, fs)
	c := dial(t, s)
	c.expect("lib1", "FUNCTION", "LOAD", testLib)
	expectFunctionAfterAOFRestart(t, fs, s)
}

// expectFunctionAfterAOFRestart stops s, starts a server on the same AOF
// and calls testLib's func1.
func expectFunctionAfterAOFRestart(t *testing.T, fs vfs.FS, s *Server) {
	t.Helper()
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

// REPLCONF rdb-filter-only functions (redis-cli --functions-rdb) makes
// SYNC send an image with the libraries and no keys.
func TestSyncFunctionsOnly(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("OK", "SET", "k", "v")
	c.expect("lib1", "FUNCTION", "LOAD", testLib)
	for _, filter := range []string{"functions", ""} {
		r := dial(t, s)
		r.expect("OK", "REPLCONF", "rdb-filter-only", filter)
		r.sendNow("SYNC")
		br := bufio.NewReader(r.nc)
		line, err := br.ReadString('\n')
		if err != nil || line[0] != '$' {
			t.Fatalf("SYNC header %q, %v", line, err)
		}
		n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
		img := make([]byte, n)
		if _, err := io.ReadFull(br, img); err != nil {
			t.Fatal(err)
		}
		e := engine.New(engine.Options{})
		libs := 0
		e.Lock()
		_, err = rdb.Load(bytes.NewReader(img), e, rdb.LoadOptions{Function: func(string) error { libs++; return nil }})
		keys := e.DB(0).Len()
		e.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		wantKeys := 1
		if filter == "functions" {
			wantKeys = 0
		}
		if keys != wantKeys || libs != 1 {
			t.Fatalf("filter %q: image holds %d keys and %d libraries, want %d and 1", filter, keys, libs, wantKeys)
		}
	}
}
