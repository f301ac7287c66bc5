package engine

import (
	"strconv"
	"strings"
	"testing"
)

func TestSetCommands(t *testing.T) {
	e, _ := testEngine(t)
	wrong := "-" + ErrWrongType + "\r\n"
	runCases(t, e, []replyCase{
		{[]string{"SADD", "s", "3", "1", "2", "1"}, ":3\r\n"},
		{[]string{"SMEMBERS", "s"}, "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
		{[]string{"SMEMBERS", "nokey"}, "*0\r\n"},
		{[]string{"SISMEMBER", "s", "2"}, ":1\r\n"},
		{[]string{"SISMEMBER", "s", "02"}, ":0\r\n"},
		{[]string{"SISMEMBER", "nokey", "2"}, ":0\r\n"},
		{[]string{"SMISMEMBER", "s", "1", "9", "3"}, "*3\r\n:1\r\n:0\r\n:1\r\n"},
		{[]string{"SMISMEMBER", "nokey", "1"}, "*1\r\n:0\r\n"},
		{[]string{"SCARD", "s"}, ":3\r\n"},
		{[]string{"SCARD", "nokey"}, ":0\r\n"},
		{[]string{"SREM", "s", "1", "9"}, ":1\r\n"},
		{[]string{"SREM", "nokey", "1"}, ":0\r\n"},
		{[]string{"SADD", "t", "2", "3", "4"}, ":3\r\n"},
		{[]string{"SINTER", "s", "t"}, "*2\r\n$1\r\n2\r\n$1\r\n3\r\n"},
		{[]string{"SINTER", "s", "t", "nokey"}, "*0\r\n"},
		{[]string{"SUNION", "s", "t", "nokey"}, "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{[]string{"SDIFF", "t", "s", "nokey"}, "*1\r\n$1\r\n4\r\n"},
		{[]string{"SDIFF", "t", "t"}, "*0\r\n"},
		{[]string{"SDIFF", "nokey", "t"}, "*0\r\n"},
		{[]string{"SINTERCARD", "2", "s", "t"}, ":2\r\n"},
		{[]string{"SINTERCARD", "2", "s", "t", "LIMIT", "1"}, ":1\r\n"},
		{[]string{"SINTERCARD", "2", "s", "t", "LIMIT", "0"}, ":2\r\n"},
		{[]string{"SINTERCARD", "0", "s"}, "-ERR numkeys should be greater than 0\r\n"},
		{[]string{"SINTERCARD", "x", "s"}, "-ERR numkeys should be greater than 0\r\n"},
		{[]string{"SINTERCARD", "3", "s", "t"}, "-ERR Number of keys can't be greater than number of args\r\n"},
		{[]string{"SINTERCARD", "2", "s", "t", "LIMIT", "-1"}, "-ERR LIMIT can't be negative\r\n"},
		{[]string{"SINTERCARD", "2", "s", "t", "LIMIT"}, "-ERR syntax error\r\n"},
		{[]string{"SINTERCARD", "1", "s", "t"}, "-ERR syntax error\r\n"},
		{[]string{"SINTERSTORE", "d", "s", "t"}, ":2\r\n"},
		{[]string{"SUNIONSTORE", "d", "s", "t"}, ":3\r\n"},
		{[]string{"SDIFFSTORE", "d", "s", "t"}, ":0\r\n"},
		{[]string{"EXISTS", "d"}, ":0\r\n"},
		{[]string{"SMOVE", "s", "t", "2"}, ":1\r\n"},
		{[]string{"SMOVE", "s", "t", "9"}, ":0\r\n"},
		{[]string{"SMOVE", "nokey", "t", "2"}, ":0\r\n"},
		{[]string{"SMOVE", "t", "t", "2"}, ":1\r\n"},
		{[]string{"SMOVE", "s", "fresh", "3"}, ":1\r\n"},
		{[]string{"EXISTS", "s"}, ":0\r\n"},
		{[]string{"SMEMBERS", "fresh"}, "*1\r\n$1\r\n3\r\n"},
		{[]string{"SET", "str", "x"}, "+OK\r\n"},
		{[]string{"SADD", "str", "a"}, wrong},
		{[]string{"SMEMBERS", "str"}, wrong},
		{[]string{"SINTER", "nokey", "str"}, wrong},
		{[]string{"SUNIONSTORE", "d", "t", "str"}, wrong},
		{[]string{"SMOVE", "t", "str", "2"}, wrong},
		{[]string{"SMOVE", "nokey", "str", "2"}, ":0\r\n"},
		{[]string{"SPOP", "nokey"}, "$-1\r\n"},
		{[]string{"SPOP", "nokey", "3"}, "*0\r\n"},
		{[]string{"SPOP", "t", "-1"}, "-ERR value is out of range, must be positive\r\n"},
		{[]string{"SPOP", "t", "x"}, "-ERR value is out of range, must be positive\r\n"},
		{[]string{"SPOP", "t", "1", "2"}, "-ERR syntax error\r\n"},
		{[]string{"SRANDMEMBER", "nokey"}, "$-1\r\n"},
		{[]string{"SRANDMEMBER", "nokey", "-5"}, "*0\r\n"},
		{[]string{"SRANDMEMBER", "t", "x"}, "-ERR value is not an integer or out of range\r\n"},
		{[]string{"SRANDMEMBER", "t", "1", "2"}, "-ERR syntax error\r\n"},
		{[]string{"SRANDMEMBER", "t", "10"}, "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{[]string{"SSCAN", "t", "0"}, "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{[]string{"SSCAN", "t", "0", "MATCH", "3"}, "*2\r\n$1\r\n0\r\n*1\r\n$1\r\n3\r\n"},
		{[]string{"SSCAN", "t", "0", "TYPE", "set"}, "-ERR syntax error\r\n"},
	})
}

func TestSetEncodings(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "SADD", "s", "1", "-5")
	if enc := encodingOf(e, "s"); enc != "intset" {
		t.Fatalf("int set: %s", enc)
	}
	run(e, "SADD", "s", "01")
	if enc := encodingOf(e, "s"); enc != "hashtable" {
		t.Fatalf("non-canonical int did not convert: %s", enc)
	}
	args := []string{"SADD", "big"}
	for i := 0; i < 512; i++ {
		args = append(args, strconv.Itoa(i))
	}
	run(e, args...)
	if enc := encodingOf(e, "big"); enc != "intset" {
		t.Fatalf("512 ints: %s", enc)
	}
	run(e, "SADD", "big", "512")
	if enc := encodingOf(e, "big"); enc != "hashtable" {
		t.Fatalf("513 ints: %s", enc)
	}
	// A STORE result is built afresh, so ints give an intset again.
	run(e, "SINTERSTORE", "small", "big", "big")
	if enc := encodingOf(e, "small"); enc != "hashtable" {
		t.Fatalf("513-member result: %s", enc)
	}
	run(e, "SADD", "few", "1", "2", "x")
	run(e, "SDIFFSTORE", "d", "few", "nokey")
	run(e, "SREM", "d", "x")
	if enc := encodingOf(e, "d"); enc != "hashtable" {
		t.Fatalf("removing the string went back: %s", enc)
	}
	run(e, "SINTERSTORE", "d2", "d")
	if enc := encodingOf(e, "d2"); enc != "intset" {
		t.Fatalf("ints-only store result: %s", enc)
	}
	// SPOP rebuilding from the survivors starts over as an intset.
	run(e, "SPOP", "big", "500")
	if enc := encodingOf(e, "big"); enc != "intset" || run(e, "SCARD", "big") != ":13\r\n" {
		t.Fatalf("after SPOP 500: %s %s", enc, run(e, "SCARD", "big"))
	}
}

func TestSpopLogsOutcome(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "SADD", "s", "a", "b", "c", "d", "e", "f")
	e.TakeEffects()
	got := run(e, "SPOP", "s")
	m := strings.Split(got, "\r\n")[1]
	eff := e.TakeEffects()
	want := string(AppendCommand(nil, []byte("SREM"), []byte("s"), []byte(m)))
	if len(eff) != 1 || string(eff[0].RESP) != want {
		t.Fatalf("SPOP effect %v, want %q", eff, want)
	}
	run(e, "SPOP", "s", "2")
	eff = e.TakeEffects()
	if len(eff) != 1 || !strings.HasPrefix(string(eff[0].RESP), "*4\r\n$4\r\nSREM\r\n") {
		t.Fatalf("SPOP 2 effect %v", eff)
	}
	run(e, "SPOP", "s", "10")
	eff = e.TakeEffects()
	if len(eff) != 1 || string(eff[0].RESP) != "*2\r\n$3\r\nDEL\r\n$1\r\ns\r\n" {
		t.Fatalf("SPOP all effect %v", eff)
	}
	if e.DB(0).Peek("s") != nil {
		t.Fatal("emptied set left in keyspace")
	}
}

func TestSetNotifications(t *testing.T) {
	e, _ := testEngine(t)
	var events []string
	e.opts.Notify = func(db int, class NotifyClass, event, key string) { events = append(events, event+":"+key) }
	run(e, "SADD", "a", "1")
	run(e, "SADD", "a", "1")
	run(e, "SMOVE", "a", "b", "1")
	run(e, "SADD", "c", "x")
	run(e, "SINTERSTORE", "c", "nokey")
	run(e, "SADD", "d", "y")
	run(e, "SPOP", "d")
	want := "new:a,sadd:a,srem:a,del:a,new:b,sadd:b,new:c,sadd:c,keymiss:nokey,del:c,new:d,sadd:d,spop:d,del:d"
	if got := strings.Join(events, ","); got != want {
		t.Fatalf("events\n got %s\nwant %s", got, want)
	}
}
