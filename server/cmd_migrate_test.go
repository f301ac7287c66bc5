package server

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

func TestMigrateMovesKeysWithTheirTTL(t *testing.T) {
	src, dst := startServer(t), startServer(t)
	a, b := dial(t, src), dial(t, dst)
	host, port, _ := net.SplitHostPort(dst.Addr().String())

	a.expect("OK", "SET", "s", "v", "EX", "1000")
	a.expect("3", "RPUSH", "l", "x", "y", "z")
	a.expect("2", "HSET", "h", "f", "1", "g", "2")
	a.expect("1", "ZADD", "z", "1.5", "m")

	a.expect("OK", "MIGRATE", host, port, "s", "3", "5000")
	a.expect("0", "EXISTS", "s")
	b.expect("OK", "SELECT", "3")
	b.expect("v", "GET", "s")
	if ttl, _ := strconv.Atoi(b.do("TTL", "s")); ttl < 990 || ttl > 1000 {
		t.Fatalf("TTL on the target: %d", ttl)
	}

	// KEYS form, a missing key among them, COPY keeps the source.
	a.expect("OK", "MIGRATE", host, port, "", "3", "5000", "COPY", "KEYS", "l", "nosuch", "h")
	a.expect("2", "EXISTS", "l", "h")
	b.expect("[x y z]", "LRANGE", "l", "0", "-1")
	b.expect("2", "HGET", "h", "g")

	// Without REPLACE the target refuses an existing key and the source
	// keeps it; with REPLACE it moves.
	a.expect("ERR:ERR Target instance replied with error: BUSYKEY Target key name already exists.",
		"MIGRATE", host, port, "l", "3", "5000")
	a.expect("1", "EXISTS", "l")
	a.expect("OK", "MIGRATE", host, port, "", "3", "5000", "REPLACE", "KEYS", "l", "z")
	a.expect("0", "EXISTS", "l", "z")
	b.expect("1.5", "ZSCORE", "z", "m")

	a.expect("NOKEY", "MIGRATE", host, port, "nosuch", "0", "5000")
}

func TestMigrateErrors(t *testing.T) {
	src := startServer(t)
	a := dial(t, src)
	a.expect("OK", "SET", "k", "v")
	a.expect("ERR:ERR syntax error", "MIGRATE", "127.0.0.1", "1", "k", "0", "100", "BOGUS")
	a.expect("ERR:ERR syntax error", "MIGRATE", "127.0.0.1", "1", "k", "0", "100", "AUTH")
	a.expect("ERR:ERR When using MIGRATE KEYS option, the key argument must be set to the empty string",
		"MIGRATE", "127.0.0.1", "1", "k", "0", "100", "KEYS", "k")
	a.expect("ERR:ERR value is not an integer or out of range", "MIGRATE", "127.0.0.1", "1", "k", "x", "100")

	// A port nobody listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	a.expect("ERR:IOERR error or timeout connecting to the client", "MIGRATE", "127.0.0.1", port, "k", "0", "500")
	a.expect("v", "GET", "k")

	// A target that wants a password: the key stays when AUTH fails.
	dst := startServer(t, "--requirepass", "secret")
	host, dport, _ := net.SplitHostPort(dst.Addr().String())
	if got := a.do("MIGRATE", host, dport, "k", "0", "5000", "AUTH", "wrong"); !strings.HasPrefix(got, "ERR:ERR Target instance replied with error: WRONGPASS") {
		t.Fatalf("MIGRATE with a wrong password: %q", got)
	}
	a.expect("v", "GET", "k")
	a.expect("OK", "MIGRATE", host, dport, "k", "0", "5000", "AUTH2", "default", "secret")
	a.expect("(nil)", "GET", "k")
}

// MIGRATE is logged as the DEL of the keys the target took; COPY and a
// refused key log nothing.
func TestMigrateIsLoggedAsDel(t *testing.T) {
	src, dst := startServer(t), startServer(t)
	var got []string
	src.setPersistHook(func(effects []string) { got = append(got, effects...) })
	a, b := dial(t, src), dial(t, dst)
	host, port, _ := net.SplitHostPort(dst.Addr().String())
	a.expect("OK", "MSET", "x", "1", "y", "2", "busy", "3")
	b.expect("OK", "SET", "busy", "other")
	got = nil
	a.expect("OK", "MIGRATE", host, port, "", "0", "5000", "COPY", "KEYS", "x")
	if len(got) != 0 {
		t.Fatalf("MIGRATE COPY logged %q", got)
	}
	if r := a.do("MIGRATE", host, port, "", "0", "5000", "KEYS", "x", "busy", "y"); !strings.Contains(r, "BUSYKEY") {
		t.Fatalf("MIGRATE with a busy key: %q", r)
	}
	// x is on the target since the COPY: refused like busy.
	want := "*2\r\n$3\r\nDEL\r\n$1\r\ny\r\n"
	if len(got) != 1 || !strings.HasSuffix(got[0], want) {
		t.Fatalf("MIGRATE logged %q, want one DEL y", got)
	}
	a.expect("[1 3 (nil)]", "MGET", "x", "busy", "y")
}
