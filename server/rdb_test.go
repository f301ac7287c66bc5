package server

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// info returns one field of INFO persistence.
func (c *testConn) info(field string) string {
	c.t.Helper()
	return sectionField(c, "persistence", field)
}

// waitBgsave polls INFO until no background save runs, as the Tcl suite's
// waitForBgsave does.
func (c *testConn) waitBgsave() {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for c.info("rdb_bgsave_in_progress") != "0" {
		if time.Now().After(deadline) {
			c.t.Fatal("background save did not finish")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *Server) setRDBFS(fs vfs.FS) {
	s.eng.Lock()
	s.rdb().fs = fs
	s.eng.Unlock()
}

// fillAllTypes writes keys of every type and encoding, with TTLs, in two
// databases.
func fillAllTypes(c *testConn) {
	c.t.Helper()
	for _, cmd := range [][]string{
		{"SET", "str", "hello"}, {"SET", "int", "12345"}, {"SET", "long", strings.Repeat("ab", 100)},
		{"RPUSH", "list", "a", "b", "1"}, {"SADD", "intset", "1", "2", "3"}, {"SADD", "set", "a", "b"},
		{"ZADD", "zs", "1", "a", "2.5", "b"}, {"HSET", "h", "f", "v"}, {"PEXPIRE", "str", "100000"},
		{"SELECT", "3"}, {"SET", "other", "db3"}, {"EXPIRE", "other", "1000"}, {"SELECT", "0"},
	} {
		if r := c.do(cmd...); strings.HasPrefix(r, "ERR") {
			c.t.Fatalf("%v: %s", cmd, r)
		}
	}
	big := []string{"HSET", "bighash"}
	zbig := []string{"ZADD", "bigzset"}
	sbig := []string{"SADD", "bigset"}
	for i := 0; i < 600; i++ {
		big = append(big, fmt.Sprint("f", i), fmt.Sprint(i))
		zbig = append(zbig, fmt.Sprint(i), fmt.Sprint("m", i))
		sbig = append(sbig, fmt.Sprint(i))
	}
	c.do(big...)
	c.do(zbig...)
	c.do(sbig...)
}

var allTypeKeys = []string{"str", "int", "long", "list", "intset", "set", "zs", "h", "bighash", "bigzset", "bigset"}

func encodings(c *testConn) string {
	var out []string
	for _, k := range allTypeKeys {
		out = append(out, k+"="+c.do("OBJECT", "ENCODING", k))
	}
	return strings.Join(out, " ")
}

func TestSaveAndLastsave(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	fillAllTypes(c)
	if c.info("rdb_changes_since_last_save") == "0" {
		t.Fatal("no changes counted")
	}
	before, _ := strconv.ParseInt(c.do("LASTSAVE"), 10, 64)
	c.expect("OK", "SAVE")
	after, _ := strconv.ParseInt(c.do("LASTSAVE"), 10, 64)
	if after < before || c.info("rdb_changes_since_last_save") != "0" || c.info("rdb_saves") != "1" {
		t.Fatalf("after SAVE: lastsave %d -> %d, info %q", before, after, c.do("INFO", "persistence"))
	}
	if _, err := os.Stat(filepath.Join(s.cfg.Get("dir"), "dump.rdb")); err != nil {
		t.Fatal(err)
	}
	c.expect("ERR:ERR syntax error", "BGSAVE", "NOW")
	c.expect("ERR:ERR wrong number of arguments for 'save' command", "SAVE", "x")
}

// DEBUG RELOAD saves, empties and loads: every key, value, TTL and
// encoding survives, and the digest is unchanged.
func TestDebugReloadKeepsEverything(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	fillAllTypes(c)
	digest, enc := c.do("DEBUG", "DIGEST"), encodings(c)
	c.expect("OK", "DEBUG", "RELOAD")
	if got := c.do("DEBUG", "DIGEST"); got != digest {
		t.Fatalf("digest %s, want %s", got, digest)
	}
	if got := encodings(c); got != enc {
		t.Fatalf("encodings\n%s\nwant\n%s", got, enc)
	}
	if ttl, _ := strconv.Atoi(c.do("TTL", "str")); ttl < 95 || ttl > 100 {
		t.Fatalf("TTL after reload %d", ttl)
	}
	c.expect("ERR:ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.", "DEBUG", "RELOAD", "BAD")
	// NOSAVE loads the file as it is: a key added since is gone.
	c.expect("OK", "SET", "later", "x")
	c.expect("OK", "DEBUG", "RELOAD", "NOSAVE")
	c.expect("0", "EXISTS", "later")
	// NOFLUSH without MERGE finds every key twice: the load fails.
	c.expect("ERR:ERR Error trying to load the RDB dump", "DEBUG", "RELOAD", "NOFLUSH", "NOSAVE")
	c.expect("OK", "DEBUG", "RELOAD", "NOFLUSH", "MERGE", "NOSAVE")
	if got := c.do("DEBUG", "DIGEST"); got != digest {
		t.Fatalf("digest after MERGE %s, want %s", got, digest)
	}
}

// blockingFS holds every Create until release is closed, so a test can
// act while a background save is under way.
type blockingFS struct {
	vfs.FS
	release chan struct{}
}

func (b blockingFS) Create(name string, cat vfs.DiskWriteCategory) (vfs.File, error) {
	<-b.release
	return b.FS.Create(name, cat)
}

// A background save writes the dataset as it was when BGSAVE ran, while
// writes go on; a second BGSAVE or a SAVE meanwhile is refused.
func TestBgsaveSnapshotWhileWriting(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	fillAllTypes(c)
	digest, enc := c.do("DEBUG", "DIGEST"), encodings(c)
	release := make(chan struct{})
	s.setRDBFS(blockingFS{FS: vfs.Default, release: release})
	c.expect("Background saving started", "BGSAVE")
	if c.info("rdb_bgsave_in_progress") != "1" {
		t.Fatal("no save in progress")
	}
	c.expect("ERR:ERR Background save already in progress", "BGSAVE")
	c.expect("ERR:ERR Background save already in progress", "SAVE")
	for i := 0; i < 1000; i++ {
		c.send("HSET", "bighash", fmt.Sprint("f", i), "changed")
		c.send("RPUSH", "list", "more")
		c.send("DEL", "zs")
		c.send("SET", fmt.Sprint("new", i), "x")
	}
	for i := 0; i < 4000; i++ {
		c.read()
	}
	dirty, _ := strconv.Atoi(c.info("rdb_changes_since_last_save"))
	close(release)
	c.waitBgsave()
	if c.info("rdb_last_bgsave_status") != "ok" {
		t.Fatal("background save failed")
	}
	// Changes made during the save stay counted, as in Redis.
	if left, _ := strconv.Atoi(c.info("rdb_changes_since_last_save")); left == 0 || left > dirty {
		t.Fatalf("changes since save %d (before the save ended %d)", left, dirty)
	}
	c.expect("OK", "DEBUG", "RELOAD", "NOSAVE")
	if got := c.do("DEBUG", "DIGEST"); got != digest {
		t.Fatalf("file holds digest %s, want the pre-write %s", got, digest)
	}
	if got := encodings(c); got != enc {
		t.Fatalf("encodings\n%s\nwant\n%s", got, enc)
	}
}

// failingFS refuses to create files, like a full or read-only disk.
type failingFS struct{ vfs.FS }

func (failingFS) Create(string, vfs.DiskWriteCategory) (vfs.File, error) {
	return nil, errors.New("injected: no space left on device")
}

// After a failed background save, writes get MISCONF (reads still work)
// while save points exist and stop-writes-on-bgsave-error is yes; a
// successful SAVE lifts it.
func TestMisconfAfterFailedBgsave(t *testing.T) {
	s := startServer(t, "--save", "3600 1")
	c := dial(t, s)
	c.expect("OK", "SET", "k", "v")
	s.setRDBFS(failingFS{vfs.Default})
	c.expect("Background saving started", "BGSAVE")
	c.waitBgsave()
	if c.info("rdb_last_bgsave_status") != "err" {
		t.Fatal("status not err")
	}
	c.expect("ERR:"+errMisconf, "SET", "k", "v2")
	c.expect("v", "GET", "k")
	c.expect("OK", "CONFIG", "SET", "stop-writes-on-bgsave-error", "no")
	c.expect("OK", "SET", "k", "v2")
	c.expect("OK", "CONFIG", "SET", "stop-writes-on-bgsave-error", "yes")
	c.expect("ERR:"+errMisconf, "SET", "k", "v3")
	c.expect("ERR:ERR", "SAVE")
	s.setRDBFS(vfs.Default)
	c.expect("OK", "SAVE")
	c.expect("OK", "SET", "k", "v3")
	if c.info("rdb_last_bgsave_status") != "ok" {
		t.Fatal("status not ok after SAVE")
	}
}

// BGSAVE inside MULTI is scheduled; the cron starts it.
func TestBgsaveScheduledInMulti(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("OK", "MULTI")
	c.expect("QUEUED", "BGSAVE")
	c.expect("[Background saving scheduled]", "EXEC")
	deadline := time.Now().Add(10 * time.Second)
	for c.info("rdb_saves") != "1" {
		if time.Now().After(deadline) {
			t.Fatal("scheduled save never ran")
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.waitBgsave()
}

// A save point whose time and change count are reached starts a
// background save from the cron.
func TestSavePointTriggersBgsave(t *testing.T) {
	s := startServer(t, "--save", "0 3")
	c := dial(t, s)
	c.expect("OK", "SET", "a", "1")
	c.expect("OK", "SET", "b", "1")
	time.Sleep(300 * time.Millisecond)
	if c.info("rdb_saves") != "0" {
		t.Fatal("saved below the change count")
	}
	c.expect("OK", "SET", "c", "1")
	deadline := time.Now().Add(10 * time.Second)
	for c.info("rdb_changes_since_last_save") != "0" {
		if time.Now().After(deadline) {
			t.Fatal("save point never saved")
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.waitBgsave()
}

// startOn starts a server on dir with RDB persistence, returning the
// server or the startup error.
func startOn(t *testing.T, dir string, directives ...string) (*Server, error) {
	cfg := NewConfig()
	args := append([]string{"--port", "0", "--appendonly", "no", "--save", "", "--dir", dir,
		"--enable-debug-command", "yes"}, directives...)
	if err := cfg.Load("", args); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Config: cfg, Logger: NewLogger(io.Discard, "warning")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		return nil, err
	}
	t.Cleanup(func() { s.Close() })
	return s, nil
}

// dump.rdb is loaded at start when appendonly is off: a missing file is an
// empty dataset, a damaged one stops startup naming the file and offset,
// telling a truncated file from a corrupt one.
func TestLoadAtStart(t *testing.T) {
	dir := t.TempDir()
	s, err := startOn(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, s)
	c.expect("0", "DBSIZE")
	fillAllTypes(c)
	digest, enc := c.do("DEBUG", "DIGEST"), encodings(c)
	c.expect("OK", "SAVE")
	s.Close()

	s2, err := startOn(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	c2 := dial(t, s2)
	if got := c2.do("DEBUG", "DIGEST"); got != digest {
		t.Fatalf("digest after restart %s, want %s", got, digest)
	}
	if got := encodings(c2); got != enc {
		t.Fatalf("encodings %s, want %s", got, enc)
	}
	if c2.info("rdb_last_load_keys_loaded") != fmt.Sprint(len(allTypeKeys)+1) {
		t.Fatalf("keys loaded %s", c2.info("rdb_last_load_keys_loaded"))
	}
	s2.Close()

	path := filepath.Join(dir, "dump.rdb")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", data[:len(data)/2], "truncated RDB file " + path + ": rdb: file ends at offset " + fmt.Sprint(len(data)/2)},
		{"corrupt", append([]byte("REDIS0010\x08"), data[10:]...), "corrupt RDB file " + path + ": rdb: corrupt file at offset 9"},
		{"checksum", flipLast(data), "corrupt RDB file " + path + ": rdb: corrupt file at offset " + fmt.Sprint(len(data)-8)},
	} {
		if err := os.WriteFile(path, tc.data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := startOn(t, dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: startup error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

func flipLast(b []byte) []byte {
	out := append([]byte(nil), b...)
	out[len(out)-1] ^= 0xff
	return out
}

// SHUTDOWN saves when save points exist or with SAVE, and not with NOSAVE.
func TestShutdownSaves(t *testing.T) {
	for _, tc := range []struct {
		save string
		args []string
		want bool
	}{
		{"3600 1", []string{"SHUTDOWN"}, true},
		{"", []string{"SHUTDOWN"}, false},
		{"", []string{"SHUTDOWN", "SAVE"}, true},
		{"3600 1", []string{"SHUTDOWN", "NOSAVE"}, false},
	} {
		dir := t.TempDir()
		s, err := startOn(t, dir, "--save", tc.save)
		if err != nil {
			t.Fatal(err)
		}
		c := dial(t, s)
		c.expect("OK", "SET", "k", "v")
		c.sendNow(tc.args...)
		<-s.ShutdownRequested
		s.Shutdown()
		_, err = os.Stat(filepath.Join(dir, "dump.rdb"))
		if (err == nil) != tc.want {
			t.Errorf("save %q, %v: file exists %v, want %v", tc.save, tc.args, err == nil, tc.want)
		}
	}
}
