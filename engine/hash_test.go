package engine

import (
	"strconv"
	"strings"
	"testing"
)

type replyCase struct {
	args []string
	want string
}

func runCases(t *testing.T, e *Engine, cases []replyCase) {
	t.Helper()
	for _, tc := range cases {
		if got := run(e, tc.args...); got != tc.want {
			t.Errorf("%q = %q, want %q", tc.args, got, tc.want)
		}
	}
}

func encodingOf(e *Engine, key string) string {
	v := e.DB(0).Peek(key)
	if v == nil {
		return "none"
	}
	return v.Encoding()
}

func TestHashCommands(t *testing.T) {
	e, _ := testEngine(t)
	runCases(t, e, []replyCase{
		{[]string{"HSET", "h", "a", "1", "b", "2"}, ":2\r\n"},
		{[]string{"HSET", "h", "a", "3", "c", "4"}, ":1\r\n"},
		{[]string{"HSET", "h", "a"}, "-ERR wrong number of arguments for 'hset' command\r\n"},
		{[]string{"HSET", "h", "a", "1", "b"}, "-ERR wrong number of arguments for 'hset' command\r\n"},
		{[]string{"HMSET", "h", "d", "5"}, "+OK\r\n"},
		{[]string{"HGET", "h", "a"}, "$1\r\n3\r\n"},
		{[]string{"HGET", "h", "zz"}, "$-1\r\n"},
		{[]string{"HGET", "nokey", "a"}, "$-1\r\n"},
		{[]string{"HMGET", "h", "a", "zz", "d"}, "*3\r\n$1\r\n3\r\n$-1\r\n$1\r\n5\r\n"},
		{[]string{"HMGET", "nokey", "a"}, "*1\r\n$-1\r\n"},
		{[]string{"HLEN", "h"}, ":4\r\n"},
		{[]string{"HLEN", "nokey"}, ":0\r\n"},
		{[]string{"HSTRLEN", "h", "a"}, ":1\r\n"},
		{[]string{"HSTRLEN", "h", "zz"}, ":0\r\n"},
		{[]string{"HEXISTS", "h", "b"}, ":1\r\n"},
		{[]string{"HEXISTS", "h", "zz"}, ":0\r\n"},
		{[]string{"HKEYS", "h"}, "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"},
		{[]string{"HVALS", "h"}, "*4\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n4\r\n$1\r\n5\r\n"},
		{[]string{"HGETALL", "h"}, "*8\r\n$1\r\na\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n4\r\n$1\r\nd\r\n$1\r\n5\r\n"},
		{[]string{"HGETALL", "nokey"}, "*0\r\n"},
		{[]string{"HSETNX", "h", "a", "9"}, ":0\r\n"},
		{[]string{"HSETNX", "h", "e", "9"}, ":1\r\n"},
		{[]string{"HDEL", "h", "a", "zz", "b"}, ":2\r\n"},
		{[]string{"HDEL", "nokey", "a"}, ":0\r\n"},
		{[]string{"HINCRBY", "h", "c", "10"}, ":14\r\n"},
		{[]string{"HINCRBY", "h", "new", "-3"}, ":-3\r\n"},
		{[]string{"HINCRBY", "h", "c", "x"}, "-ERR value is not an integer or out of range\r\n"},
		{[]string{"HSET", "h", "s", "abc", "big", "9223372036854775807"}, ":2\r\n"},
		{[]string{"HINCRBY", "h", "s", "1"}, "-ERR hash value is not an integer\r\n"},
		{[]string{"HINCRBY", "h", "big", "1"}, "-ERR increment or decrement would overflow\r\n"},
		{[]string{"HINCRBYFLOAT", "h", "f", "10.5"}, "$4\r\n10.5\r\n"},
		{[]string{"HINCRBYFLOAT", "h", "f", "0.1"}, "$4\r\n10.6\r\n"},
		{[]string{"HINCRBYFLOAT", "h", "f", "-5"}, "$3\r\n5.6\r\n"},
		{[]string{"HINCRBYFLOAT", "h", "s", "1"}, "-ERR hash value is not a float\r\n"},
		{[]string{"HINCRBYFLOAT", "h", "f", "inf"}, "-ERR value is NaN or Infinity\r\n"},
		{[]string{"HINCRBYFLOAT", "h", "f", "x"}, "-ERR value is not a valid float\r\n"},
		{[]string{"SET", "str", "x"}, "+OK\r\n"},
		{[]string{"HGET", "str", "a"}, "-" + ErrWrongType + "\r\n"},
		{[]string{"HSET", "str", "a", "b"}, "-" + ErrWrongType + "\r\n"},
		{[]string{"HDEL", "str", "a"}, "-" + ErrWrongType + "\r\n"},
		{[]string{"HMGET", "str", "a"}, "-" + ErrWrongType + "\r\n"},
		{[]string{"HRANDFIELD", "nokey"}, "$-1\r\n"},
		{[]string{"HRANDFIELD", "nokey", "5"}, "*0\r\n"},
		{[]string{"HRANDFIELD", "h", "0"}, "*0\r\n"},
		{[]string{"HRANDFIELD", "h", "1", "foo"}, "-ERR syntax error\r\n"},
		{[]string{"HRANDFIELD", "h", "1", "withvalues", "x"}, "-ERR syntax error\r\n"},
		{[]string{"HRANDFIELD", "h", "-9223372036854775808"}, "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"},
		{[]string{"HRANDFIELD", "h", "-9223372036854775807", "withvalues"}, "-ERR value is out of range\r\n"},
		{[]string{"HSCAN", "h", "x"}, "-ERR invalid cursor\r\n"},
		{[]string{"HSCAN", "nokey", "0", "COUNT", "0"}, "*2\r\n$1\r\n0\r\n*0\r\n"},
		{[]string{"HSCAN", "h", "0", "COUNT", "0"}, "-ERR syntax error\r\n"},
		{[]string{"HSCAN", "h", "0", "MATCH", "s*"}, "*2\r\n$1\r\n0\r\n*2\r\n$1\r\ns\r\n$3\r\nabc\r\n"},
	})
}

func TestHashEmptiedIsDeleted(t *testing.T) {
	e, _ := testEngine(t)
	var events []string
	e.opts.Notify = func(db int, class NotifyClass, event, key string) { events = append(events, event+":"+key) }
	run(e, "HSET", "h", "a", "1")
	if got := run(e, "HDEL", "h", "a", "b"); got != ":1\r\n" {
		t.Fatalf("HDEL = %q", got)
	}
	if e.DB(0).Peek("h") != nil {
		t.Fatal("emptied hash still in the keyspace")
	}
	if got := strings.Join(events, ","); got != "new:h,hset:h,hdel:h,del:h" {
		t.Fatalf("events = %s", got)
	}
}

func TestHashEncodingConversions(t *testing.T) {
	e, _ := testEngine(t)
	cfg := e.Config()
	run(e, "HSET", "h", "a", "1")
	if enc := encodingOf(e, "h"); enc != "listpack" {
		t.Fatalf("small hash encoding %s", enc)
	}
	run(e, "HSET", "h", "b", strings.Repeat("x", int(cfg.HashMaxListpackValue)))
	if enc := encodingOf(e, "h"); enc != "listpack" {
		t.Fatalf("value at the limit converted: %s", enc)
	}
	run(e, "HSET", "h", "c", strings.Repeat("x", int(cfg.HashMaxListpackValue)+1))
	if enc := encodingOf(e, "h"); enc != "hashtable" {
		t.Fatalf("long value did not convert: %s", enc)
	}
	run(e, "HDEL", "h", "c")
	if enc := encodingOf(e, "h"); enc != "hashtable" {
		t.Fatalf("conversion went back: %s", enc)
	}
	for i := 0; i < int(cfg.HashMaxListpackEntries); i++ {
		run(e, "HSET", "n", "f"+strconv.Itoa(i), "v")
	}
	if enc := encodingOf(e, "n"); enc != "listpack" {
		t.Fatalf("128 fields: %s", enc)
	}
	run(e, "HSET", "n", "one-more", "v")
	if enc := encodingOf(e, "n"); enc != "hashtable" {
		t.Fatalf("129 fields: %s", enc)
	}
	// HINCRBYFLOAT on a long field name converts too (hashTypeSet's check).
	run(e, "HSET", "i", "a", "1")
	run(e, "HINCRBY", "i", strings.Repeat("k", 65), "1")
	if enc := encodingOf(e, "i"); enc != "hashtable" {
		t.Fatalf("HINCRBY long field: %s", enc)
	}
}

func TestHincrbyfloatLoggedAsHset(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "HINCRBYFLOAT", "h", "f", "0.1")
	run(e, "HINCRBYFLOAT", "h", "f", "0.2")
	eff := e.TakeEffects()
	want := "*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\nf\r\n$3\r\n0.3\r\n"
	if len(eff) != 2 || string(eff[1].RESP) != want {
		t.Fatalf("effects = %v", eff)
	}
}
