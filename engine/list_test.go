package engine

import (
	"testing"
)

const (
	rNullArr  = "*-1\r\n"
	rEmptyArr = "*0\r\n"
	wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
)

func TestListCommands(t *testing.T) {
	runFresh(t, map[string][]step{
		"push-pop": {
			{cmd: "RPUSH l a b c", want: rInt(3)},
			{cmd: "LPUSH l z y", want: rInt(5)},
			{cmd: "LRANGE l 0 -1", want: rBulks("y", "z", "a", "b", "c")},
			{cmd: "LPOP l", want: rBulk("y")},
			{cmd: "RPOP l", want: rBulk("c")},
			{cmd: "LPOP l 2", want: rBulks("z", "a")},
			{cmd: "RPOP l 0", want: rEmptyArr},
			{cmd: "RPOP l 5", want: rBulks("b")},
			{cmd: "EXISTS l", want: rInt(0)},
			{cmd: "LPOP l", want: rNull},
			{cmd: "LPOP l 1", want: rNullArr},
			{cmd: "LPOP l -1", want: rErr("ERR value is out of range, must be positive")},
			{cmd: "LPOP l 1 2", want: rErr("ERR wrong number of arguments for 'lpop' command")},
			{cmd: "LPUSHX l a", want: rInt(0)},
			{cmd: "RPUSH l a", want: rInt(1)},
			{cmd: "RPUSHX l b c", want: rInt(3)},
			{cmd: "LLEN l", want: rInt(3)},
			{cmd: "LLEN none", want: rInt(0)},
			{cmd: "SET s x", want: rOK},
			{cmd: "LPUSH s a", want: wrongType},
			{cmd: "LLEN s", want: wrongType},
			{cmd: "LPOP s", want: wrongType},
		},
		"index-set-insert": {
			{cmd: "RPUSH l a b c", want: rInt(3)},
			{cmd: "LINDEX l 0", want: rBulk("a")},
			{cmd: "LINDEX l -1", want: rBulk("c")},
			{cmd: "LINDEX l 3", want: rNull},
			{cmd: "LINDEX l x", want: rErr("ERR value is not an integer or out of range")},
			{cmd: "LINDEX none x", want: rNull},
			{cmd: "LSET l 1 B", want: rOK},
			{cmd: "LSET l -4 B", want: rErr("ERR index out of range")},
			{cmd: "LSET none 0 B", want: rErr("ERR no such key")},
			{cmd: "LINSERT l BEFORE B x", want: rInt(4)},
			{cmd: "LINSERT l after c y", want: rInt(5)},
			{cmd: "LINSERT l after nope y", want: rInt(-1)},
			{cmd: "LINSERT none after a y", want: rInt(0)},
			{cmd: "LINSERT l middle a y", want: rErr("ERR syntax error")},
			{cmd: "LRANGE l 0 -1", want: rBulks("a", "x", "B", "c", "y")},
			{cmd: "LRANGE l -100 1", want: rBulks("a", "x")},
			{cmd: "LRANGE l 3 1", want: rEmptyArr},
			{cmd: "LRANGE l 10 20", want: rEmptyArr},
			{cmd: "LRANGE none 0 -1", want: rEmptyArr},
		},
		"rem-trim": {
			{cmd: "RPUSH l a b a c a d a", want: rInt(7)},
			{cmd: "LREM l 2 a", want: rInt(2)},
			{cmd: "LRANGE l 0 -1", want: rBulks("b", "c", "a", "d", "a")},
			{cmd: "LREM l -1 a", want: rInt(1)},
			{cmd: "LRANGE l 0 -1", want: rBulks("b", "c", "a", "d")},
			{cmd: "LREM l 0 zz", want: rInt(0)},
			{cmd: "LTRIM l 1 -2", want: rOK},
			{cmd: "LRANGE l 0 -1", want: rBulks("c", "a")},
			{cmd: "LTRIM l 5 10", want: rOK},
			{cmd: "EXISTS l", want: rInt(0)},
			{cmd: "LTRIM none 0 1", want: rOK},
			{cmd: "RPUSH m x x", want: rInt(2)},
			{cmd: "LREM m 0 x", want: rInt(2)},
			{cmd: "EXISTS m", want: rInt(0)},
		},
		"lpos": {
			{cmd: "RPUSH l a b c 1 2 3 c c", want: rInt(8)},
			{cmd: "LPOS l c", want: rInt(2)},
			{cmd: "LPOS l c RANK 2", want: rInt(6)},
			{cmd: "LPOS l c RANK -1", want: rInt(7)},
			{cmd: "LPOS l c COUNT 0", want: rArr(rInt(2), rInt(6), rInt(7))},
			{cmd: "LPOS l c COUNT 2 RANK -1", want: rArr(rInt(7), rInt(6))},
			{cmd: "LPOS l c COUNT 0 MAXLEN 3", want: rArr(rInt(2))},
			{cmd: "LPOS l c MAXLEN 2", want: rNull},
			{cmd: "LPOS l zz", want: rNull},
			{cmd: "LPOS l zz COUNT 1", want: rEmptyArr},
			{cmd: "LPOS none a", want: rNull},
			{cmd: "LPOS none a COUNT 1", want: rEmptyArr},
			{cmd: "LPOS l c RANK 0", want: rErr(ErrLposRank)},
			{cmd: "LPOS l c COUNT -1", want: rErr("ERR COUNT can't be negative")},
			{cmd: "LPOS l c MAXLEN x", want: rErr("ERR MAXLEN can't be negative")},
			{cmd: "LPOS l c RANK", want: rErr("ERR syntax error")},
		},
		"move": {
			{cmd: "RPUSH a 1 2 3", want: rInt(3)},
			{cmd: "LMOVE a b LEFT RIGHT", want: rBulk("1")},
			{cmd: "RPOPLPUSH a b", want: rBulk("3")},
			{cmd: "LRANGE b 0 -1", want: rBulks("3", "1")},
			{cmd: "LMOVE a a RIGHT LEFT", want: rBulk("2")},
			{cmd: "LMOVE a b LEFT UP", want: rErr("ERR syntax error")},
			{cmd: "LMOVE none b LEFT LEFT", want: rNull},
			{cmd: "SET s x", want: rOK},
			{cmd: "LMOVE a s LEFT LEFT", want: wrongType},
			{cmd: "LRANGE a 0 -1", want: rBulks("2")},
			{cmd: "LMOVE a b LEFT LEFT", want: rBulk("2")},
			{cmd: "EXISTS a", want: rInt(0)},
		},
		"lmpop": {
			{cmd: "RPUSH b 1 2 3", want: rInt(3)},
			{cmd: "LMPOP 2 a b LEFT", want: rArr(rBulk("b"), rBulks("1"))},
			{cmd: "LMPOP 2 a b RIGHT COUNT 5", want: rArr(rBulk("b"), rBulks("3", "2"))},
			{cmd: "LMPOP 2 a b RIGHT", want: rNullArr},
			{cmd: "LMPOP 0 a LEFT", want: rErr("ERR numkeys should be greater than 0")},
			{cmd: "LMPOP 3 a b LEFT", want: rErr("ERR syntax error")},
			{cmd: "LMPOP 1 a LEFT COUNT 0", want: rErr("ERR count should be greater than 0")},
			{cmd: "LMPOP 1 a MIDDLE", want: rErr("ERR syntax error")},
			{cmd: "LMPOP 1 a LEFT COUNT 1 COUNT 1", want: rErr("ERR syntax error")},
		},
	})
}

func TestListEffectsAndNotifications(t *testing.T) {
	var events []string
	e := New(Options{Notify: func(db int, class NotifyClass, event, key string) {
		events = append(events, event+":"+key)
	}})
	run(e, "RPUSH", "l", "a", "b", "c")
	run(e, "LMPOP", "1", "l", "RIGHT", "COUNT", "2")
	run(e, "LMOVE", "l", "m", "LEFT", "RIGHT")
	run(e, "LTRIM", "m", "0", "-1")
	run(e, "BLPOP", "m", "0")
	got := effectStrings(t, e)
	want := []string{"RPUSH l a b c", "RPOP l 2", "LMOVE l m LEFT RIGHT", "LPOP m"}
	if len(got) != len(want) {
		t.Fatalf("effects %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("effect %d = %q, want %q", i, got[i], want[i])
		}
	}
	wantEv := []string{"new:l", "rpush:l", "rpop:l", "new:m", "rpush:m", "lpop:l", "del:l", "ltrim:m", "lpop:m", "del:m"}
	if len(events) != len(wantEv) {
		t.Fatalf("events %q, want %q", events, wantEv)
	}
	for i := range wantEv {
		if events[i] != wantEv[i] {
			t.Errorf("event %d = %q, want %q", i, events[i], wantEv[i])
		}
	}
}

func TestListEncodingIsQuicklist(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "RPUSH", "l", "a")
	if got := run(e, "OBJECT", "ENCODING", "l"); got != rBulk("quicklist") {
		t.Fatalf("OBJECT ENCODING = %q", got)
	}
}
