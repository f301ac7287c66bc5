package engine

import (
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestKeyspaceCommands(t *testing.T) {
	runFresh(t, map[string][]step{
		"type-rename": {
			{cmd: "TYPE k", want: rSimple("none")},
			{cmd: "SET k v EX 100", want: rOK},
			{cmd: "TYPE k", want: rSimple("string")},
			{cmd: "RENAME nosuch x", want: rErr(ErrNoSuchKey)},
			{cmd: "RENAMENX nosuch x", want: rErr(ErrNoSuchKey)},
			{cmd: "RENAME k k", want: rOK},
			{cmd: "RENAMENX k k", want: rInt(0)},
			{cmd: "RENAME k k2", want: rOK},
			{cmd: "EXISTS k", want: rInt(0)},
			{cmd: "TTL k2", want: rInt(100)},
			{cmd: "SET k3 x", want: rOK},
			{cmd: "RENAMENX k2 k3", want: rInt(0)},
			{cmd: "RENAME k2 k3", want: rOK},
			{cmd: "GET k3", want: rBulk("v")},
			{cmd: "TTL k3", want: rInt(100)},
			{cmd: "RENAMENX k3 k4", want: rInt(1)},
		},
		"move": {
			{cmd: "SET k v PX 5000", want: rOK},
			{cmd: "MOVE k 0", want: rErr(ErrSameObject)},
			{cmd: "MOVE k 16", want: rErr(ErrDBIndex)},
			{cmd: "MOVE k x", want: rErr(ErrNotInt)},
			{cmd: "MOVE k 4294967296", want: rErr("ERR value is out of range, value must between -2147483648 and 2147483647")},
			{cmd: "MOVE nosuch 1", want: rInt(0)},
			{cmd: "MOVE k 1", want: rInt(1)},
			{cmd: "EXISTS k", want: rInt(0)},
			{cmd: "SET k other", want: rOK},
			{cmd: "COPY k k DB 1", want: rInt(0)},
			{cmd: "MOVE k 1", want: rInt(0)},
		},
		"copy": {
			{cmd: "SET a v EX 100", want: rOK},
			{cmd: "COPY a a", want: rErr(ErrSameObject)},
			{cmd: "COPY nosuch b", want: rInt(0)},
			{cmd: "COPY a b", want: rInt(1)},
			{cmd: "TTL b", want: rInt(100)},
			{cmd: "COPY a b", want: rInt(0)},
			{cmd: "SET a w", want: rOK},
			{cmd: "COPY a b REPLACE", want: rInt(1)},
			{cmd: "GET b", want: rBulk("w")},
			{cmd: "TTL b", want: rInt(-1)},
			{cmd: "COPY a b DB", want: rErr(ErrSyntax)},
			{cmd: "COPY a b DB 99", want: rErr(ErrDBIndex)},
			{cmd: "COPY a b NOPE", want: rErr(ErrSyntax)},
			{cmd: "COPY a a DB 2", want: rInt(1)},
		},
		"flush-swap": {
			{cmd: "MSET a 1 b 2", want: rOK},
			{cmd: "DBSIZE", want: rInt(2)},
			{cmd: "SWAPDB 0 1", want: rOK},
			{cmd: "DBSIZE", want: rInt(0)},
			{cmd: "SWAPDB 0 1", want: rOK},
			{cmd: "SWAPDB 0 16", want: rErr(ErrDBIndex)},
			{cmd: "SWAPDB x 1", want: rErr(ErrInvalidFirstDB)},
			{cmd: "SWAPDB 1 x", want: rErr(ErrInvalidSecondDB)},
			{cmd: "SWAPDB 0 0", want: rOK},
			{cmd: "FLUSHDB NOPE", want: rErr(ErrSyntax)},
			{cmd: "FLUSHDB ASYNC", want: rOK},
			{cmd: "DBSIZE", want: rInt(0)},
			{cmd: "FLUSHALL SYNC", want: rOK},
			{cmd: "FLUSHALL SYNC ASYNC", want: rErr(ErrSyntax)},
		},
		"keys-randomkey-touch": {
			{cmd: "RANDOMKEY", want: rNull},
			{cmd: "MSET one 1 two 2 three 3 four 4", want: rOK},
			{cmd: "KEYS *ou*", want: rBulks("four")},
			{cmd: "KEYS t??", want: rBulks("two")},
			{cmd: "KEYS nomatch*", want: rArr()},
			{cmd: "TOUCH one two nosuch", want: rInt(2)},
			{cmd: "DEL one two three", want: rInt(3)},
			{cmd: "RANDOMKEY", want: rBulk("four")},
		},
		"expire": {
			{cmd: "EXPIRE nosuch 10", want: rInt(0)},
			{cmd: "SET k v", want: rOK},
			{cmd: "EXPIRE k 10 XX", want: rInt(0)},
			{cmd: "EXPIRE k 10 GT", want: rInt(0)},
			{cmd: "EXPIRE k 10 LT", want: rInt(1)},
			{cmd: "EXPIRE k 20 NX", want: rInt(0)},
			{cmd: "EXPIRE k 20 LT", want: rInt(0)},
			{cmd: "EXPIRE k 20 GT", want: rInt(1)},
			{cmd: "TTL k", want: rInt(20)},
			{cmd: "PEXPIRE k 1500", want: rInt(1)},
			{cmd: "TTL k", want: rInt(2)},
			{cmd: "PTTL k", want: rInt(1500)},
			{cmd: "EXPIREAT k 1800000000", want: rInt(1)},
			{cmd: "EXPIRETIME k", want: rInt(1800000000)},
			{cmd: "PEXPIREAT k 1800000000123", want: rInt(1)},
			{cmd: "PEXPIRETIME k", want: rInt(1800000000123)},
			{cmd: "PERSIST k", want: rInt(1)},
			{cmd: "PERSIST k", want: rInt(0)},
			{cmd: "PERSIST nosuch", want: rInt(0)},
			{cmd: "TTL k", want: rInt(-1)},
			{cmd: "EXPIRETIME k", want: rInt(-1)},
			{cmd: "TTL nosuch", want: rInt(-2)},
			{cmd: "PEXPIRETIME nosuch", want: rInt(-2)},
			{cmd: "EXPIRE k 10 NX XX", want: rErr(ErrExpireNXIncompat)},
			{cmd: "EXPIRE k 10 GT LT", want: rErr(ErrExpireGTLTIncompat)},
			{cmd: "EXPIRE k 10 FOO", want: rErr("ERR Unsupported option FOO")},
			{cmd: "EXPIRE k x", want: rErr(ErrNotInt)},
			{cmd: "EXPIRE k 9223372036854775807", want: rErr("ERR invalid expire time in 'expire' command")},
			{cmd: "PEXPIRE k 9223372036854775807", want: rErr("ERR invalid expire time in 'pexpire' command")},
			{cmd: "EXPIRE k -1", want: rInt(1)},
			{cmd: "EXISTS k", want: rInt(0)},
		},
	})
}

func TestKeysOrderIndependent(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "MSET", "a1", "x", "a2", "x", "b1", "x")
	got := decodeBulks(t, run(e, "KEYS", "a*"))
	sort.Strings(got)
	if !reflect.DeepEqual(got, []string{"a1", "a2"}) {
		t.Fatalf("KEYS a* = %q", got)
	}
}

// decodeBulks reads a flat RESP array of bulk strings.
func decodeBulks(t *testing.T, reply string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(reply, "\r\n"), "\r\n")
	var out []string
	for i := 1; i+1 < len(lines); i += 2 {
		out = append(out, lines[i+1])
	}
	return out
}

func TestKeyspaceEffects(t *testing.T) {
	e, now := testEngine(t)
	ms := now.UnixMilli()
	for _, c := range []struct {
		cmd  string
		want []string
	}{
		{"SET k v", []string{"SET k v"}},
		{"EXPIRE k 10 NX", []string{"PEXPIREAT k " + itoa(ms+10_000) + " NX"}},
		{"PEXPIRE k 500", []string{"PEXPIREAT k " + itoa(ms+500)}},
		{"EXPIREAT k 2000000000", []string{"PEXPIREAT k 2000000000000"}},
		{"PEXPIREAT k 2000000000001", []string{"PEXPIREAT k 2000000000001"}},
		{"EXPIRE k 10 XX GT", nil},
		{"PERSIST k", []string{"PERSIST k"}},
		{"EXPIRE k 0", []string{"DEL k"}},
		{"FLUSHDB", []string{"FLUSHDB"}},
		{"FLUSHALL ASYNC", []string{"FLUSHALL ASYNC"}},
		{"SET a 1", []string{"SET a 1"}},
		{"RENAME a b", []string{"RENAME a b"}},
		{"COPY b c DB 3", []string{"COPY b c DB 3"}},
		{"MOVE b 2", []string{"MOVE b 2"}},
		{"SWAPDB 2 3", []string{"SWAPDB 2 3"}},
		{"TYPE c", nil},
	} {
		run(e, strings.Fields(c.cmd)...)
		if got := effectStrings(t, e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s logged %q, want %q", c.cmd, got, c.want)
		}
	}
}

func TestNotifications(t *testing.T) {
	var got []string
	e, _ := testEngine(t)
	e.opts.Notify = func(db int, class NotifyClass, event, key string) {
		got = append(got, strconv.Itoa(db)+":"+event+":"+key)
	}
	for _, cmd := range []string{
		"SET a 1", "INCRBY a 2", "APPEND a x", "SETRANGE a 0 y", "SETBIT a 0 1",
		"EXPIRE a 100", "PERSIST a", "RENAME a b", "MOVE b 1", "SET c 1",
		"COPY c d DB 2", "INCRBYFLOAT c 1.5", "GETDEL c", "BITOP NOT e d",
	} {
		run(e, strings.Fields(cmd)...)
	}
	want := []string{
		"0:new:a", "0:set:a", "0:incrby:a", "0:append:a", "0:setrange:a", "0:setbit:a",
		"0:expire:a", "0:persist:a", "0:new:b", "0:rename_from:a", "0:rename_to:b",
		"1:new:b", "0:move_from:b", "1:move_to:b", "0:new:c", "0:set:c", "2:new:d", "2:copy_to:d",
		"0:incrbyfloat:c", "0:del:c", "0:keymiss:d", // BITOP reads d in db 0

	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events\n got %q\nwant %q", got, want)
	}
}

// TestScanVisitsEveryKeyOnce checks SCAN's guarantee: every key present
// for the whole iteration is returned, here while keys are added and
// removed between calls.
func TestScanVisitsEveryKeyOnce(t *testing.T) {
	e, _ := testEngine(t)
	for i := 0; i < 500; i++ {
		run(e, "SET", "k"+strconv.Itoa(i), "v")
	}
	seen := map[string]int{}
	cursor := "0"
	for round := 0; ; round++ {
		reply := run(e, "SCAN", cursor, "COUNT", "7")
		parts := strings.SplitN(reply, "\r\n", 4)
		cursor = parts[2]
		for _, k := range decodeBulks(t, "*"+strings.SplitN(parts[3], "*", 2)[1]) {
			seen[k]++
		}
		run(e, "SET", "new"+strconv.Itoa(round), "v")
		run(e, "DEL", "k"+strconv.Itoa(400+round%100))
		if cursor == "0" {
			break
		}
	}
	for i := 0; i < 400; i++ {
		if seen["k"+strconv.Itoa(i)] != 1 {
			t.Fatalf("k%d seen %d times", i, seen["k"+strconv.Itoa(i)])
		}
	}
}

func TestScanOptions(t *testing.T) {
	e, now := testEngine(t)
	run(e, "MSET", "s1", "x", "s2", "x", "t1", "x")
	run(e, "HSET", "h1", "f", "v")
	run(e, "SET", "gone", "x", "PX", "10")
	*now = now.Add(time.Second)
	all := func(args ...string) []string {
		reply := run(e, append([]string{"SCAN", "0", "COUNT", "100"}, args...)...)
		parts := strings.SplitN(reply, "\r\n", 4)
		keys := decodeBulks(t, "*"+strings.SplitN(parts[3], "*", 2)[1])
		sort.Strings(keys)
		return keys
	}
	if got := all("MATCH", "s*"); !reflect.DeepEqual(got, []string{"s1", "s2"}) {
		t.Errorf("MATCH s* = %q", got)
	}
	if got := all("TYPE", "hash"); !reflect.DeepEqual(got, []string{"h1"}) {
		t.Errorf("TYPE hash = %q", got)
	}
	if got := all(); !reflect.DeepEqual(got, []string{"h1", "s1", "s2", "t1"}) {
		t.Errorf("all = %q", got)
	}
	for _, tc := range []step{
		{cmd: "SCAN x", want: rErr(ErrInvalidCursor)},
		{cmd: "SCAN 18446744073709551616", want: rErr(ErrInvalidCursor)},
		{cmd: "SCAN 0 COUNT 0", want: rErr(ErrSyntax)},
		{cmd: "SCAN 0 COUNT", want: rErr(ErrSyntax)},
		{cmd: "SCAN 0 COUNT x", want: rErr(ErrNotInt)},
		{cmd: "SCAN 0 FOO bar", want: rErr(ErrSyntax)},
	} {
		if got := run(e, tc.args()...); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.cmd, got, tc.want)
		}
	}
	for _, c := range []string{"", "+0", "-0", "0"} {
		if _, ok := ParseCursor([]byte(c)); !ok {
			t.Errorf("cursor %q refused", c)
		}
	}
	if n, _ := ParseCursor([]byte("-1")); n != 1<<64-1 {
		t.Errorf("cursor -1 = %d", n)
	}
	for _, c := range []string{" 1", "1 ", "-", "1x", "0x1"} {
		if _, ok := ParseCursor([]byte(c)); ok {
			t.Errorf("cursor %q accepted", c)
		}
	}
}
