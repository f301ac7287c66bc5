package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/resp"
)

// startServer runs a server on a free loopback port with persistence off
// and returns it; it stops at the end of the test.
func startServer(t testing.TB, directives ...string) *Server {
	t.Helper()
	cfg := NewConfig()
	args := append([]string{"--port", "0", "--appendonly", "no", "--save", "", "--dir", t.TempDir(),
		"--enable-debug-command", "yes"}, directives...)
	if err := cfg.Load("", args); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Config: cfg, Logger: NewLogger(testLogOut, "warning")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

type testConn struct {
	t  testing.TB
	nc net.Conn
	rr *resp.ReplyReader
	bw *bufio.Writer
}

func dial(t testing.TB, s *Server) *testConn {
	t.Helper()
	nc, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	_ = nc.SetDeadline(time.Now().Add(20 * time.Second))
	return &testConn{t: t, nc: nc, rr: resp.NewReplyReader(nc), bw: bufio.NewWriter(nc)}
}

func (c *testConn) send(args ...string) {
	fmt.Fprintf(c.bw, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(c.bw, "$%d\r\n%s\r\n", len(a), a)
	}
}

// sendNow sends one command without waiting for its reply (a client that
// will block, or be held).
func (c *testConn) sendNow(args ...string) {
	c.send(args...)
	c.bw.Flush()
}

func (c *testConn) read() resp.Reply {
	c.t.Helper()
	c.bw.Flush()
	r, err := c.rr.Read()
	if err != nil {
		c.t.Fatalf("read reply: %v", err)
	}
	return r
}

// do sends one command and returns its reply rendered as a string.
func (c *testConn) do(args ...string) string {
	c.t.Helper()
	c.send(args...)
	return c.read().String()
}

func (c *testConn) expect(want string, args ...string) {
	c.t.Helper()
	if got := c.do(args...); got != want {
		c.t.Fatalf("%v = %q, want %q", args, got, want)
	}
}

func TestBasicCommands(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("PONG", "PING")
	c.expect("hi", "PING", "hi")
	c.expect("OK", "SET", "k", "v")
	c.expect("v", "GET", "k")
	c.expect("ERR:ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' ", "NOSUCH", "a", "b")
	c.expect("ERR:ERR wrong number of arguments for 'get' command", "GET")
	c.expect("ERR:ERR unknown subcommand 'nope'. Try CONFIG HELP.", "CONFIG", "nope")
	c.expect("ERR:ERR DB index is out of range", "SELECT", "16")
	c.expect("OK", "SELECT", "1")
	c.expect("(nil)", "GET", "k")
}

func TestPipelineRepliesInOrder(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	for i := 0; i < 1000; i++ {
		c.send("SET", fmt.Sprint("k", i), fmt.Sprint(i))
		c.send("GET", fmt.Sprint("k", i))
	}
	c.bw.Flush()
	for i := 0; i < 1000; i++ {
		if r := c.read(); r.String() != "OK" {
			t.Fatalf("SET %d = %v", i, r)
		}
		if r := c.read(); r.String() != fmt.Sprint(i) {
			t.Fatalf("GET %d = %v", i, r)
		}
	}
}

func TestHelloRESP3(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	r := c.read2("HELLO", "3")
	if r.Type != '%' || len(r.Elems) != 14 || r.Elems[5].Int != 3 {
		t.Fatalf("HELLO 3 = %v (type %c)", r, r.Type)
	}
	c.expect("ERR:NOPROTO unsupported protocol version", "HELLO", "4")
	if r := c.read2("GET", "missing"); r.Type != '_' {
		t.Fatalf("RESP3 null = %c", r.Type)
	}
}

func (c *testConn) read2(args ...string) resp.Reply {
	c.send(args...)
	return c.read()
}

// Malformed input gets Redis's protocol error, the connection closes, and
// the server keeps serving everyone else.
func TestBadInputTable(t *testing.T) {
	s := startServer(t)
	healthy := dial(t, s)
	for _, tc := range []struct{ name, in, want string }{
		{"negative multibulk length", "*-10\r\n*1\r\n$4\r\nPING\r\n", "+PONG"},
		{"huge multibulk length", "*3000000000\r\n", "-ERR Protocol error: invalid multibulk length"},
		{"non-numeric multibulk", "*20a\r\n", "-ERR Protocol error: invalid multibulk length"},
		{"wrong bulk header", "*1\r\nfoo\r\n", "-ERR Protocol error: expected '$', got 'f'"},
		{"negative bulk length", "*1\r\n$-10\r\n", "-ERR Protocol error: invalid bulk length"},
		{"huge bulk length", "*1\r\n$2000000000\r\n", "-ERR Protocol error: invalid bulk length"},
		{"non-numeric bulk length", "*1\r\n$blabla\r\n", "-ERR Protocol error: invalid bulk length"},
		{"unbalanced quotes", "set \"\"\"test-key\"\"\" test-value\r\n", "-ERR Protocol error: unbalanced quotes in request"},
		{"binary garbage", "*1\r\n\x00\xff\xfe\r\n", "-ERR Protocol error: expected '$', got '\x00'"},
		{"too big inline", strings.Repeat("x", 70000), "-ERR Protocol error: too big inline request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nc, err := net.Dial("tcp", s.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			_ = nc.SetDeadline(time.Now().Add(5 * time.Second))
			if _, err := nc.Write([]byte(tc.in)); err != nil {
				t.Fatal(err)
			}
			line, _ := bufio.NewReader(nc).ReadString('\n')
			if strings.TrimRight(line, "\r\n") != tc.want {
				t.Fatalf("got %q, want %q", line, tc.want)
			}
		})
	}
	healthy.expect("PONG", "PING")
}

func TestHalfCommandThenCloseAndConnectCycles(t *testing.T) {
	s := startServer(t)
	for i := 0; i < 10000; i++ {
		nc, err := net.Dial("tcp", s.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			_, _ = nc.Write([]byte("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc"))
		}
		nc.Close()
	}
	c := dial(t, s)
	c.expect("PONG", "PING")
	waitClients(t, s, 1)
	c.expect("(nil)", "GET", "k")
}

// waitClients waits until the server has n clients registered: closed
// connections are cleaned up by their goroutines.
func waitClients(t *testing.T, s *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		got := len(s.clients)
		s.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d clients still registered after their connections closed, want %d", got, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestMultiExecWatch(t *testing.T) {
	s := startServer(t)
	a, b := dial(t, s), dial(t, s)
	a.expect("OK", "MULTI")
	a.expect("QUEUED", "SET", "x", "1")
	a.expect("QUEUED", "GET", "x")
	a.expect("[OK 1]", "EXEC")
	a.expect("OK", "WATCH", "x")
	b.expect("OK", "SET", "x", "2")
	a.expect("OK", "MULTI")
	a.expect("QUEUED", "SET", "x", "3")
	a.expect("(nil)", "EXEC")
	a.expect("2", "GET", "x")
	a.expect("OK", "MULTI")
	a.expect("ERR:ERR unknown command 'NOSUCH', with args beginning with: ", "NOSUCH")
	a.expect("ERR:EXECABORT Transaction discarded because of previous errors.", "EXEC")
	a.expect("ERR:ERR EXEC without MULTI", "EXEC")
}

func TestPubSubRESP2(t *testing.T) {
	s := startServer(t)
	sub, pub := dial(t, s), dial(t, s)
	sub.expect("[subscribe ch 1]", "SUBSCRIBE", "ch")
	sub.expect("[psubscribe c* 2]", "PSUBSCRIBE", "c*")
	pub.expect("2", "PUBLISH", "ch", "hello")
	if r := sub.read(); r.String() != "[message ch hello]" {
		t.Fatalf("message = %v", r)
	}
	if r := sub.read(); r.String() != "[pmessage c* ch hello]" {
		t.Fatalf("pmessage = %v", r)
	}
	sub.expect("ERR:ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context", "GET", "x")
	sub.expect("[pong ]", "PING")
}

func TestEffectsOfTransactionAreWrapped(t *testing.T) {
	s := startServer(t)
	var got []string
	s.setPersistHook(func(effects []string) { got = append(got, effects...) })
	c := dial(t, s)
	c.expect("OK", "MULTI")
	c.expect("QUEUED", "SET", "a", "1")
	c.expect("QUEUED", "SET", "b", "2")
	c.expect("[OK OK]", "EXEC")
	want := []string{"BEGIN *3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n", "END *3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("effects = %q", got)
	}
}

func TestMaxmemoryRefusesGrowingCommands(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("OK", "SET", "before", "x")
	c.expect("OK", "CONFIG", "SET", "maxmemory", "1")
	c.expect("ERR:OOM command not allowed when used memory > 'maxmemory'.", "SET", "k", "v")
	c.expect("x", "GET", "before")
	c.expect("1", "DEL", "before") // deleting frees memory and is allowed
	c.expect("OK", "MULTI")
	c.expect("ERR:OOM command not allowed when used memory > 'maxmemory'.", "LPUSH", "l", "v")
	c.expect("ERR:EXECABORT Transaction discarded because of previous errors.", "EXEC")
	c.expect("OK", "CONFIG", "SET", "maxmemory", "0")
	c.expect("OK", "SET", "k", "v")
}

func TestMaxmemoryEvictsWithAllkeysPolicy(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("OK", "DEBUG", "POPULATE", "1000", "key", "100")
	c.expect("OK", "CONFIG", "SET", "maxmemory-policy", "allkeys-random")
	c.expect("OK", "CONFIG", "SET", "maxmemory", "1")
	// Evicting every key cannot bring the heap under one byte: like Redis,
	// the server empties the keyspace and still refuses the write.
	c.expect("ERR:OOM command not allowed when used memory > 'maxmemory'.", "SET", "k", "v")
	c.expect("0", "DBSIZE")
	info := c.do("INFO", "stats")
	if strings.Contains(info, "evicted_keys:0\r\n") {
		t.Fatalf("evicted_keys not counted: %s", info)
	}
}

func TestSubscribeConfirmationsIgnoreReplyOff(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.send("CLIENT", "REPLY", "OFF")
	c.expect("[subscribe ch 1]", "SUBSCRIBE", "ch")
}

// testLogOut receives server logs in tests; set STRATA_TEST_LOG=1 to see them.
var testLogOut io.Writer = func() io.Writer {
	if os.Getenv("STRATA_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}()

func TestLoweringMaxmemoryEvictsAtOnce(t *testing.T) {
	s := startServer(t)
	c, sub := dial(t, s), dial(t, s)
	c.expect("OK", "CONFIG", "SET", "notify-keyspace-events", "Ee")
	c.expect("OK", "CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
	sub.expect("[psubscribe * 1]", "PSUBSCRIBE", "*")
	c.expect("OK", "SET", "foo", "bar")
	c.expect("OK", "CONFIG", "SET", "maxmemory", "1")
	if r := sub.read(); r.String() != "[pmessage * __keyevent@0__:evicted foo]" {
		t.Fatalf("event = %v", r)
	}
	c.expect("OK", "CONFIG", "SET", "maxmemory", "0")
	info := c.do("INFO", "commandstats")
	c.expect("OK", "CONFIG", "SET", "maxmemory", "1")
	c.expect("ERR:OOM command not allowed when used memory > 'maxmemory'.", "SET", "a", "b")
	c.expect("OK", "CONFIG", "SET", "maxmemory", "0")
	if info = c.do("INFO", "commandstats"); !strings.Contains(info, "cmdstat_set:calls=1,") || !strings.Contains(info, "rejected_calls=1") {
		t.Fatalf("commandstats: %s", info)
	}
}

func TestCommandGetkeys(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("[a c]", "COMMAND", "GETKEYS", "MSET", "a", "b", "c", "d")
	c.expect("[]", "COMMAND", "GETKEYS", "EVAL", "return 1", "0")
	c.expect("[k]", "COMMAND", "GETKEYS", "EVAL", "return 1", "1", "k")
	c.expect("ERR:ERR The command has no key arguments", "COMMAND", "GETKEYS", "PING", "x")
	c.expect("ERR:ERR Invalid command specified", "COMMAND", "GETKEYS", "NOSUCH", "x")
}

func statsField(c *testConn, name string) string { return sectionField(c, "stats", name) }

// sectionField returns one field of an INFO section, failing the test if
// the section has no such field.
func sectionField(c *testConn, section, name string) string {
	c.t.Helper()
	v, ok := lookupInfo(c, section, name)
	if !ok {
		c.t.Fatalf("INFO %s has no %s", section, name)
	}
	return v
}

func lookupInfo(c *testConn, section, name string) (string, bool) {
	for _, line := range strings.Split(c.do("INFO", section), "\r\n") {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			return v, true
		}
	}
	return "", false
}

// The per-client command cache answers what a lookup would: case is
// ignored, arity still checked, subcommands still resolved.
func TestCommandCachePerClient(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("OK", "SET", "k", "1")
	c.expect("OK", "set", "k", "2")
	c.expect("OK", "SeT", "k", "3")
	c.expect("ERR:ERR wrong number of arguments for 'set' command", "SET", "k")
	c.expect("3", "GET", "k")
	c.expect("ERR:ERR wrong number of arguments for 'get' command", "get")
	c.expect("ERR:ERR unknown command 'sett', with args beginning with: 'k' ", "sett", "k")
	if got := c.do("CONFIG", "GET", "port"); !strings.Contains(got, "port") {
		t.Fatalf("CONFIG GET port = %s", got)
	}
	c.expect("ERR:ERR unknown subcommand 'NOPE'. Try CONFIG HELP.", "CONFIG", "NOPE")
}

// Commands in a pipeline, and again after RESETSTAT, are each counted once
// in commandstats (the stats of the last command are kept at hand).
func TestCommandStatsCountPipelinesAndResets(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	for i := 0; i < 3; i++ {
		c.send("SET", "k", "v")
	}
	c.send("GET", "k")
	c.send("SET", "k", "w")
	c.bw.Flush()
	for i := 0; i < 5; i++ {
		c.read()
	}
	info := c.do("INFO", "commandstats")
	if !strings.Contains(info, "cmdstat_set:calls=4,") || !strings.Contains(info, "cmdstat_get:calls=1,") {
		t.Fatalf("commandstats: %s", info)
	}
	c.expect("OK", "CONFIG", "RESETSTAT")
	c.expect("OK", "SET", "k", "v")
	c.expect("OK", "SET", "k", "v")
	if info = c.do("INFO", "commandstats"); !strings.Contains(info, "cmdstat_set:calls=2,") || strings.Contains(info, "cmdstat_get:") {
		t.Fatalf("commandstats after RESETSTAT: %s", info)
	}
}
