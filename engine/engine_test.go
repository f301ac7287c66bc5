package engine

import (
	"testing"
	"time"

	"github.com/strata-db/strata/internal/resp"
)

// testEngine returns an engine on a settable clock.
func testEngine(t testing.TB) (*Engine, *time.Time) {
	now := time.UnixMilli(1_700_000_000_000)
	e := New(Options{Now: func() time.Time { return now }})
	return e, &now
}

// run executes one command in db 0 and returns its raw reply.
func run(e *Engine, args ...string) string {
	return runDB(e, 0, args...)
}

func runDB(e *Engine, db int, args ...string) string {
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	cmd := Lookup(argv[0])
	w := resp.NewWriter()
	if cmd == nil {
		return "unknown command"
	}
	if !cmd.CheckArity(len(argv)) {
		return "-" + ErrWrongArgs(cmd.Name) + "\r\n"
	}
	e.Lock()
	defer e.Unlock()
	e.Exec(&Ctx{DB: e.DB(db), Cmd: cmd, Args: argv, W: w})
	return string(w.Bytes())
}

func TestSetGetAndRelativeExpiryLoggedAbsolute(t *testing.T) {
	e, now := testEngine(t)
	if got := run(e, "SET", "k", "v", "EX", "10"); got != "+OK\r\n" {
		t.Fatalf("SET = %q", got)
	}
	if got := run(e, "GET", "k"); got != "$1\r\nv\r\n" {
		t.Fatalf("GET = %q", got)
	}
	eff := e.TakeEffects()
	if len(eff) != 1 {
		t.Fatalf("effects = %d", len(eff))
	}
	want := "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$13\r\n1700000010000\r\n"
	if string(eff[0].RESP) != want {
		t.Fatalf("effect = %q", eff[0].RESP)
	}
	*now = now.Add(11 * time.Second)
	if got := run(e, "GET", "k"); got != "$-1\r\n" {
		t.Fatalf("GET after expiry = %q", got)
	}
	eff = e.TakeEffects()
	if len(eff) != 1 || string(eff[0].RESP) != "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n" {
		t.Fatalf("expiry effect = %v", eff)
	}
}

func TestSetOptionsErrors(t *testing.T) {
	e, _ := testEngine(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"SET", "k", "v", "NX", "XX"}, "-ERR syntax error\r\n"},
		{[]string{"SET", "k", "v", "EX", "0"}, "-ERR invalid expire time in 'set' command\r\n"},
		{[]string{"SET", "k", "v", "EX", "x"}, "-ERR value is not an integer or out of range\r\n"},
		{[]string{"SET", "k", "v", "KEEPTTL", "EX", "1"}, "-ERR syntax error\r\n"},
		{[]string{"SET", "k"}, "-ERR wrong number of arguments for 'set' command\r\n"},
		{[]string{"SET", "k", "v", "XX"}, "$-1\r\n"},
		{[]string{"SET", "k", "v", "GET"}, "$-1\r\n"},
		{[]string{"SET", "k", "w", "GET"}, "$1\r\nv\r\n"},
	} {
		if got := run(e, tc.args...); got != tc.want {
			t.Errorf("%v = %q, want %q", tc.args, got, tc.want)
		}
	}
}

func TestWatchDirtiedByWrite(t *testing.T) {
	e, _ := testEngine(t)
	var w Watcher
	e.Lock()
	e.Watch(&w, 0, "k")
	e.Unlock()
	run(e, "SET", "other", "1")
	if w.Dirty {
		t.Fatal("unrelated write dirtied the watcher")
	}
	run(e, "SET", "k", "1")
	if !w.Dirty {
		t.Fatal("write to watched key did not dirty the watcher")
	}
}

func TestSnapshotUnchangedByLaterWrites(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "SET", "a", "1")
	e.Lock()
	s := e.Snapshot()
	e.Unlock()
	run(e, "SET", "a", "2")
	run(e, "SET", "b", "3")
	run(e, "DEL", "a")
	if v := s.DBs[0].Get("a"); v == nil || v.Str() != "1" {
		t.Fatalf("snapshot a = %v", v)
	}
	if s.DBs[0].Len() != 1 {
		t.Fatalf("snapshot len = %d", s.DBs[0].Len())
	}
}

// A key given to EXPIRE aliases the request buffer; the volatile index
// must keep its own copy, or the active cycle looks for garbage once the
// buffer is reused.
func TestActiveExpiryAfterRequestBufferReuse(t *testing.T) {
	e, now := testEngine(t)
	run(e, "SET", "x", "foo")
	argv := [][]byte{[]byte("EXPIRE"), []byte("x"), []byte("1")}
	e.Lock()
	e.Exec(&Ctx{DB: e.DB(0), Cmd: Lookup(argv[0]), Args: argv, W: resp.NewWriter()})
	e.Unlock()
	argv[1][0] = 'y' // the connection reuses its buffer
	*now = now.Add(2 * time.Second)
	e.Lock()
	n := e.ActiveExpireCycle(10)
	e.Unlock()
	if n != 1 || e.DB(0).Len() != 0 {
		t.Fatalf("active cycle expired %d keys, %d left", n, e.DB(0).Len())
	}
}

// APPEND to an empty string must not keep the request's bytes: "" + x is x
// in Go, and the argument aliases the connection's buffer.
func TestAppendToEmptyStringCopiesTheArgument(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "SET", "str", "")
	argv := [][]byte{[]byte("APPEND"), []byte("str"), []byte("\x00")}
	e.Lock()
	e.Exec(&Ctx{DB: e.DB(0), Cmd: Lookup(argv[0]), Args: argv, W: resp.NewWriter()})
	e.Unlock()
	argv[2][0] = 'X' // the connection reuses its buffer
	if got := run(e, "GET", "str"); got != "$1\r\n\x00\r\n" {
		t.Fatalf("GET after the buffer changed = %q", got)
	}
}
