package server

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/crc64"
)

// DUMP and RESTORE round-trip every type and encoding, keep OBJECT
// ENCODING, and give Redis's errors in Redis's order.
func TestDumpRestoreEveryType(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	fillAllTypes(c)
	for _, k := range allTypeKeys {
		p := c.do("DUMP", k)
		digest, enc := c.do("DEBUG", "DIGEST-VALUE", k), c.do("OBJECT", "ENCODING", k)
		c.expect("OK", "RESTORE", k+":copy", "0", p)
		if got := c.do("DEBUG", "DIGEST-VALUE", k+":copy"); got != digest {
			t.Errorf("%s: digest %s, want %s", k, got, digest)
		}
		if got := c.do("OBJECT", "ENCODING", k+":copy"); got != enc {
			t.Errorf("%s: encoding %s, want %s", k, got, enc)
		}
		c.expect("-1", "TTL", k+":copy")
	}
	c.expect("(nil)", "DUMP", "nosuchkey")
}

func TestRestoreErrors(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("OK", "SET", "foo", "bar")
	p := c.do("DUMP", "foo")
	bad := []byte(p)
	bad[1] ^= 0xff
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"RESTORE", "foo", "0", p}, "ERR:BUSYKEY Target key name already exists."},
		{[]string{"RESTORE", "new", "0", p, "invalid-option"}, "ERR:ERR syntax error"},
		{[]string{"RESTORE", "new", "-1", p}, "ERR:ERR Invalid TTL value, must be >= 0"},
		{[]string{"RESTORE", "new", "x", p}, "ERR:ERR value is not an integer or out of range"},
		{[]string{"RESTORE", "new", "0", "..."}, "ERR:ERR DUMP payload version or checksum are wrong"},
		{[]string{"RESTORE", "new", "0", string(bad)}, "ERR:ERR DUMP payload version or checksum are wrong"},
		{[]string{"RESTORE", "new", "0", p, "IDLETIME", "-1"}, "ERR:ERR Invalid IDLETIME value, must be >= 0"},
		{[]string{"RESTORE", "new", "0", p, "FREQ", "256"}, "ERR:ERR Invalid FREQ value, must be >= 0 and <= 255"},
		{[]string{"RESTORE", "new", "0", p, "FREQ", "1", "IDLETIME", "1"}, "ERR:ERR syntax error"},
		{[]string{"RESTORE", "new", "0", p, "IDLETIME"}, "ERR:ERR syntax error"},
		{[]string{"RESTORE", "new", "0"}, "ERR:ERR wrong number of arguments for 'restore' command"},
		// A good footer over a value that does not decode.
		{[]string{"RESTORE", "new", "0", withFooter("\x63\x01x")}, "ERR:ERR Bad data format"},
	} {
		if got := c.do(tc.args...); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.args, got, tc.want)
		}
	}
	c.expect("OK", "SET", "foo", "bar2")
	c.expect("OK", "RESTORE", "foo", "0", p, "REPLACE")
	c.expect("bar", "GET", "foo")
}

// withFooter appends a valid DUMP footer to body: RDB version 10 and the
// CRC-64 of everything before the CRC.
func withFooter(body string) string {
	p := append([]byte(body), 10, 0)
	return string(binary.LittleEndian.AppendUint64(p, crc64.Checksum(p)))
}

// RESTORE with a relative TTL is logged with the absolute expiry and
// ABSTTL; an ABSTTL in the past with REPLACE deletes the old key and logs
// DEL; IDLETIME and FREQ set the access data.
func TestRestoreLoggedDeterministically(t *testing.T) {
	s := startServer(t)
	var mu sync.Mutex
	var effects []string
	s.setPersistHook(func(e []string) { mu.Lock(); effects = append(effects, e...); mu.Unlock() })
	c := dial(t, s)
	c.expect("OK", "SET", "foo", "bar")
	p := c.do("DUMP", "foo")
	before := time.Now().UnixMilli()
	c.expect("OK", "RESTORE", "k", "5000", p)
	after := time.Now().UnixMilli()
	mu.Lock()
	last := effects[len(effects)-1]
	mu.Unlock()
	parts := strings.Split(last, "\r\n")
	// *6 RESTORE k <abs> payload ABSTTL
	if parts[0] != "*5" || parts[2] != "RESTORE" || parts[len(parts)-2] != "ABSTTL" {
		t.Fatalf("effect %q", last)
	}
	at, _ := strconv.ParseInt(parts[6], 10, 64)
	if at < before+5000 || at > after+5000 {
		t.Fatalf("logged expiry %d not in [%d, %d]", at, before+5000, after+5000)
	}
	if pttl, _ := strconv.Atoi(c.do("PTTL", "k")); pttl < 3000 || pttl > 5000 {
		t.Fatalf("PTTL %d", pttl)
	}
	c.expect("OK", "RESTORE", "k", fmt.Sprint(time.Now().UnixMilli()-3000), p, "ABSTTL", "REPLACE")
	c.expect("0", "EXISTS", "k")
	mu.Lock()
	last = effects[len(effects)-1]
	mu.Unlock()
	if last != "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n" {
		t.Fatalf("effect of expired RESTORE REPLACE %q", last)
	}
	c.expect("OK", "CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
	c.expect("OK", "RESTORE", "lru", "0", p, "IDLETIME", "1000")
	if idle, _ := strconv.Atoi(c.do("OBJECT", "IDLETIME", "lru")); idle < 1000 || idle > 1010 {
		t.Fatalf("idle %d", idle)
	}
	c.expect("OK", "CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
	c.expect("OK", "RESTORE", "lfu", "0", p, "FREQ", "100")
	c.expect("100", "OBJECT", "FREQ", "lfu")
}
