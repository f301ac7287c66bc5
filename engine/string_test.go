package engine

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestStringCommands(t *testing.T) {
	notInt := rErr(ErrNotInt)
	wrongType := rErr(ErrWrongType)
	runFresh(t, map[string][]step{
		"set-family": {
			{cmd: "SETNX k v", want: rInt(1)},
			{cmd: "SETNX k w", want: rInt(0)},
			{cmd: "GET k", want: rBulk("v")},
			{cmd: "SETEX k 0 v", want: rErr("ERR invalid expire time in 'setex' command")},
			{cmd: "PSETEX k -5 v", want: rErr("ERR invalid expire time in 'psetex' command")},
			{cmd: "SETEX k x v", want: notInt},
			{cmd: "SETEX k 100 v2", want: rOK},
			{cmd: "TTL k", want: rInt(100)},
			{cmd: "PSETEX k 1500 v3", want: rOK},
			{cmd: "PTTL k", want: rInt(1500)},
			{cmd: "SET k v EX 10 EX 20", want: rOK},
			{cmd: "TTL k", want: rInt(20)},
			{cmd: "SET k v EX 10 PX 20", want: rErr(ErrSyntax)},
			{cmd: "SET k v EX abc NX XX", want: rErr(ErrSyntax)},
			{cmd: "SET k v EX abc", want: notInt},
			{cmd: "SET k v KEEPTTL", want: rOK},
			{cmd: "TTL k", want: rInt(20)},
			{cmd: "SET k v", want: rOK},
			{cmd: "TTL k", want: rInt(-1)},
			{cmd: "SET k v EX", want: rErr(ErrSyntax)},
			{cmd: "SET k v PERSIST", want: rErr(ErrSyntax)},
		},
		"getset-getdel": {
			{cmd: "GETSET k a", want: rNull},
			{cmd: "SET k b EX 100", want: rOK},
			{cmd: "GETSET k c", want: rBulk("b")},
			{cmd: "TTL k", want: rInt(-1)},
			{cmd: "GETDEL k", want: rBulk("c")},
			{cmd: "GETDEL k", want: rNull},
			{cmd: "HSET h f v", want: rInt(1)},
			{cmd: "GETSET h x", want: wrongType},
			{cmd: "GETDEL h", want: wrongType},
			{cmd: "SET k v GET", want: rNull},
			{cmd: "SET h v GET", want: wrongType},
			{cmd: "TYPE h", want: rSimple("hash")},
		},
		"getex": {
			{cmd: "GETEX k", want: rNull},
			{cmd: "GETEX k EX 0", want: rNull}, // absent key: the expiry is not checked
			{cmd: "SET k v", want: rOK},
			{cmd: "GETEX k EX 0", want: rErr("ERR invalid expire time in 'getex' command")},
			{cmd: "GETEX k EX 10 PX 10", want: rErr(ErrSyntax)},
			{cmd: "GETEX k KEEPTTL", want: rErr(ErrSyntax)},
			{cmd: "GETEX k EX 10", want: rBulk("v")},
			{cmd: "TTL k", want: rInt(10)},
			{cmd: "GETEX k PERSIST", want: rBulk("v")},
			{cmd: "TTL k", want: rInt(-1)},
			{cmd: "GETEX k PXAT 1", want: rBulk("v")},
			{cmd: "EXISTS k", want: rInt(0)},
		},
		"mset-mget": {
			{cmd: "MSET a 1 b 2", want: rOK},
			{cmd: "MSET a 1 b", want: rErr("ERR wrong number of arguments for 'mset' command")},
			{cmd: "MSETNX a 1 b", want: rErr("ERR wrong number of arguments for 'msetnx' command")},
			{cmd: "MSETNX c 3 a 9", want: rInt(0)},
			{cmd: "MSETNX c 3 d 4", want: rInt(1)},
			{cmd: "HSET h f v", want: rInt(1)},
			{cmd: "MGET a b c d h nosuch", want: rArr(rBulk("1"), rBulk("2"), rBulk("3"), rBulk("4"), rNull, rNull)},
		},
		"append-strlen-range": {
			{cmd: "APPEND k hello", want: rInt(5)},
			{cmd: "APPEND k _world", want: rInt(11)},
			{cmd: "STRLEN k", want: rInt(11)},
			{cmd: "STRLEN nosuch", want: rInt(0)},
			{cmd: "GETRANGE k 0 4", want: rBulk("hello")},
			{cmd: "GETRANGE k -5 -1", want: rBulk("world")},
			{cmd: "GETRANGE k -1 -5", want: rBulk("")},
			{cmd: "GETRANGE k 5 100", want: rBulk("_world")},
			{cmd: "GETRANGE k -100 2", want: rBulk("hel")},
			{cmd: "GETRANGE k 20 30", want: rBulk("")},
			{cmd: "SUBSTR k 0 0", want: rBulk("h")},
			{cmd: "GETRANGE nosuch 0 -1", want: rBulk("")},
			{cmd: "GETRANGE k a 1", want: notInt},
			{cmd: "HSET h f v", want: rInt(1)},
			{cmd: "APPEND h x", want: wrongType},
			{cmd: "STRLEN h", want: wrongType},
		},
		"setrange": {
			{cmd: "SETRANGE k -1 x", want: rErr(ErrOffsetRange)},
			{argv: []string{"SETRANGE", "k", "5", ""}, want: rInt(0)},
			{cmd: "EXISTS k", want: rInt(0)},
			{cmd: "SETRANGE k 2 ab", want: rInt(4)},
			{cmd: "GET k", want: rBulk("\x00\x00ab")},
			{cmd: "SETRANGE k 1 XYZW", want: rInt(5)},
			{cmd: "GET k", want: rBulk("\x00XYZW")},
			{argv: []string{"SETRANGE", "k", "100", ""}, want: rInt(5)},
		},
		"incr": {
			{cmd: "INCR n", want: rInt(1)},
			{cmd: "INCRBY n 10", want: rInt(11)},
			{cmd: "DECR n", want: rInt(10)},
			{cmd: "DECRBY n 20", want: rInt(-10)},
			{cmd: "DECRBY n -9223372036854775808", want: rErr(ErrDecrOverflow)},
			{cmd: "SET n 9223372036854775807", want: rOK},
			{cmd: "INCR n", want: rErr(ErrOverflow)},
			{cmd: "SET n -9223372036854775808", want: rOK},
			{cmd: "DECR n", want: rErr(ErrOverflow)},
			{cmd: "SET n 012", want: rOK},
			{cmd: "INCR n", want: notInt},
			{argv: []string{"SET", "n", " 1"}, want: rOK},
			{cmd: "INCR n", want: notInt},
			{cmd: "INCRBY n 1.5", want: notInt},
			{cmd: "SET n 5 EX 100", want: rOK},
			{cmd: "INCR n", want: rInt(6)},
			{cmd: "TTL n", want: rInt(100)},
			{cmd: "HSET h f v", want: rInt(1)},
			{cmd: "INCR h", want: wrongType},
		},
		"incrbyfloat": {
			{cmd: "INCRBYFLOAT f 10.5", want: rBulk("10.5")},
			{cmd: "INCRBYFLOAT f 0.1", want: rBulk("10.6")},
			{cmd: "INCRBYFLOAT f -10.6", want: rBulk("0")},
			{cmd: "SET f 5.0e3", want: rOK},
			{cmd: "INCRBYFLOAT f 2.0e2", want: rBulk("5200")},
			{cmd: "SET f 1", want: rOK},
			{cmd: "INCRBYFLOAT f 1e-20", want: rBulk("1")},
			{cmd: "INCRBYFLOAT f 0.0000000000000001", want: rBulk("1.0000000000000001")},
			{cmd: "INCRBYFLOAT f abc", want: rErr(ErrNotFloat)},
			{cmd: "INCRBYFLOAT f 1p3", want: rErr(ErrNotFloat)},
			{cmd: "INCRBYFLOAT f 1_0", want: rErr(ErrNotFloat)},
			{cmd: "INCRBYFLOAT f inf", want: rErr(ErrIncrNaNInf)},
			{cmd: "INCRBYFLOAT f 0x10", want: rBulk("17.0000000000000001")},
			{cmd: "SET f 1e308", want: rOK},
			{cmd: "SET f nan", want: rOK},
			{cmd: "INCRBYFLOAT f 1", want: rErr(ErrNotFloat)},
			{argv: []string{"SET", "f", " 1"}, want: rOK},
			{cmd: "INCRBYFLOAT f 1", want: rErr(ErrNotFloat)},
		},
	})
}

// TestIncrbyfloatBeyondDouble checks that the sum is kept in long double
// range: 2e308 overflows a double but not Redis's long double, and its
// text is the exact decimal expansion of the 64-bit-mantissa value.
func TestIncrbyfloatBeyondDouble(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "SET", "f", "1e308")
	got := run(e, "INCRBYFLOAT", "f", "1e308")
	if !strings.HasPrefix(got, "$309\r\n1999999999999999999") {
		t.Fatalf("INCRBYFLOAT = %q", got)
	}
	run(e, "SET", "f", "1.1e4932")
	if got := run(e, "INCRBYFLOAT", "f", "1.1e4932"); got != rErr(ErrIncrNaNInf) {
		t.Fatalf("overflow = %q", got)
	}
	run(e, "SET", "f", "1.2e4932") // past the long double range: not a number
	if got := run(e, "INCRBYFLOAT", "f", "0"); got != rErr(ErrNotFloat) {
		t.Fatalf("out of range value = %q", got)
	}
}

func TestStringSizeLimit(t *testing.T) {
	e, _ := testEngine(t)
	e.Config().ProtoMaxBulkLen = 100
	runSteps(t, e, []step{
		{cmd: "SETRANGE k 99 x", want: rInt(100)},
		{cmd: "SETRANGE k 100 x", want: rErr(ErrStringTooLong)},
		{cmd: "APPEND k x", want: rErr(ErrStringTooLong)},
		{cmd: "SETBIT b 799 1", want: rInt(0)},
		{cmd: "SETBIT b 800 1", want: rErr(ErrBitOffset)},
		{cmd: "BITFIELD b GET u8 #99", want: rArr(rInt(1))},
		{cmd: "BITFIELD b GET u8 #100", want: rErr(ErrBitOffset)},
	})
}

func TestStringEffects(t *testing.T) {
	e, now := testEngine(t)
	ms := now.UnixMilli()
	for _, c := range []struct {
		cmd  string
		want []string
	}{
		{"SETEX k 10 v", []string{"SET k v PXAT " + itoa(ms+10_000)}},
		{"SET k v EXAT 2000000000", []string{"SET k v PXAT 2000000000000"}},
		{"SET k w KEEPTTL GET", []string{"SET k w KEEPTTL"}},
		{"SET k w NX", nil},
		{"GETSET k x", []string{"SET k x"}},
		{"INCRBYFLOAT f 1.5", []string{"SET f 1.5 KEEPTTL"}},
		{"GETEX f", nil},
		{"GETEX f PX 100", []string{"PEXPIREAT f " + itoa(ms+100)}},
		{"GETEX f PERSIST", []string{"PERSIST f"}},
		{"GETEX f PERSIST", nil},
		{"GETEX f EXAT 1", []string{"DEL f"}},
		{"GETDEL k", []string{"DEL k"}},
		{"GETDEL k", nil},
		{"APPEND a x", []string{"APPEND a x"}},
		{"MSET a 1 b 2", []string{"MSET a 1 b 2"}},
	} {
		run(e, strings.Fields(c.cmd)...)
		if got := effectStrings(t, e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s logged %q, want %q", c.cmd, got, c.want)
		}
	}
}

func TestStringEncodings(t *testing.T) {
	e, _ := testEngine(t)
	runSteps(t, e, []step{
		{cmd: "SET i 123", want: rOK},
		{cmd: "OBJECT ENCODING i", want: rBulk("int")},
		{cmd: "OBJECT REFCOUNT i", want: rInt(sharedRefcount)},
		{cmd: "SET s hello", want: rOK},
		{cmd: "OBJECT ENCODING s", want: rBulk("embstr")},
		{cmd: "OBJECT REFCOUNT s", want: rInt(1)},
		{cmd: "APPEND s x", want: rInt(6)},
		{cmd: "OBJECT ENCODING s", want: rBulk("raw")},
		{cmd: "APPEND new 1", want: rInt(1)},
		{cmd: "OBJECT ENCODING new", want: rBulk("int")},
		{cmd: "SET b x", want: rOK},
		{cmd: "SETBIT b 0 0", want: rInt(0)},
		{cmd: "OBJECT ENCODING b", want: rBulk("raw")},
		{cmd: "SET l " + strings.Repeat("x", 45), want: rOK},
		{cmd: "OBJECT ENCODING l", want: rBulk("raw")},
		{cmd: "OBJECT ENCODING nosuch", want: rNull},
		{cmd: "OBJECT FREQ s", want: rErr(ErrObjectNoLFUFreq)},
		{cmd: "OBJECT IDLETIME s", want: rInt(0)},
		{cmd: "OBJECT NOPE s", want: rErr("ERR unknown subcommand 'NOPE'. Try OBJECT HELP.")},
		{cmd: "OBJECT ENCODING", want: rErr("ERR wrong number of arguments for 'object|encoding' command")},
	})
	e.Config().MaxmemoryPolicy = "allkeys-lfu"
	runSteps(t, e, []step{
		{cmd: "OBJECT IDLETIME s", want: rErr(ErrObjectLFUIdle)},
		{cmd: "OBJECT FREQ s", want: rInt(0)},
	})
	if got := run(e, "OBJECT", "HELP"); !strings.HasPrefix(got, "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n") {
		t.Errorf("OBJECT HELP = %q", got)
	}
}

func TestIdletimeAdvancesWithClock(t *testing.T) {
	e, now := testEngine(t)
	run(e, "SET", "k", "v")
	*now = now.Add(42 * time.Second)
	if got := run(e, "OBJECT", "IDLETIME", "k"); got != rInt(42) {
		t.Fatalf("IDLETIME = %q", got)
	}
	run(e, "TOUCH", "k")
	if got := run(e, "OBJECT", "IDLETIME", "k"); got != rInt(0) {
		t.Fatalf("IDLETIME after TOUCH = %q", got)
	}
}

func TestLCS(t *testing.T) {
	e, _ := testEngine(t)
	runSteps(t, e, []step{
		{cmd: "MSET key1 ohmytext key2 mynewtext", want: rOK},
		{cmd: "LCS key1 key2", want: rBulk("mytext")},
		{cmd: "LCS key1 key2 LEN", want: rInt(6)},
		{cmd: "LCS key1 key2 IDX", want: rArr(rBulk("matches"), rArr(
			rArr(rArr(rInt(4), rInt(7)), rArr(rInt(5), rInt(8))),
			rArr(rArr(rInt(2), rInt(3)), rArr(rInt(0), rInt(1)))),
			rBulk("len"), rInt(6))},
		{cmd: "LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN", want: rArr(rBulk("matches"), rArr(
			rArr(rArr(rInt(4), rInt(7)), rArr(rInt(5), rInt(8)), rInt(4))),
			rBulk("len"), rInt(6))},
		{cmd: "LCS key1 key2 LEN IDX", want: rErr(ErrLCSLenAndIdx)},
		{cmd: "LCS key1 key2 MINMATCHLEN", want: rErr(ErrSyntax)},
		{cmd: "LCS key1 key2 MINMATCHLEN x", want: rErr(ErrNotInt)},
		{cmd: "LCS key1 nosuch", want: rBulk("")},
		{cmd: "HSET h f v", want: rInt(1)},
		{cmd: "LCS key1 h", want: rErr(ErrLCSNotString)},
	})
}

func itoa(n int64) string { return rInt(n)[1 : len(rInt(n))-2] }

// INCR changes an existing counter where it lies: the expiry stays, a
// watcher is dirtied, a snapshot keeps the old value, and OBJECT ENCODING
// is int again after an APPEND made the string raw.
func TestIncrInPlaceKeepsTheRules(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "SET", "n", "10", "EX", "100")
	run(e, "APPEND", "n", "0")
	var w Watcher
	e.Lock()
	e.Watch(&w, 0, "n")
	snap := e.Snapshot()
	e.Unlock()
	if got := run(e, "INCR", "n"); got != ":101\r\n" {
		t.Fatalf("INCR: %q", got)
	}
	if !w.Dirty {
		t.Fatal("INCR did not dirty the watcher")
	}
	if got := run(e, "TTL", "n"); got != ":100\r\n" {
		t.Fatalf("TTL after INCR: %q", got)
	}
	if got := run(e, "OBJECT", "ENCODING", "n"); got != "$3\r\nint\r\n" {
		t.Fatalf("encoding after INCR: %q", got)
	}
	if v := snap.DBs[0].Get("n"); v == nil || v.Str() != "100" {
		t.Fatalf("snapshot sees %v", v)
	}
}
