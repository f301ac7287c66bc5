package engine

import (
	"strconv"
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/resp"
)

func TestZSetCommands(t *testing.T) {
	runFresh(t, map[string][]step{
		"zadd": {
			{cmd: "ZADD z 1 a 2 b 3 c", want: rInt(3)},
			{cmd: "ZADD z NX 10 a 4 d", want: rInt(1)},
			{cmd: "ZADD z XX CH 10 a 5 e", want: rInt(1)},
			{cmd: "ZSCORE z a", want: rBulk("10")},
			{cmd: "ZSCORE z e", want: rNull},
			{cmd: "ZADD z GT CH 5 a 20 b", want: rInt(1)},
			{cmd: "ZADD z LT CH 1 a 30 c", want: rInt(1)},
			{cmd: "ZMSCORE z a b c nope", want: rArr(rBulk("1"), rBulk("20"), rBulk("3"), rNull)},
			{cmd: "ZADD z INCR 2.5 a", want: rBulk("3.5")},
			{cmd: "ZADD z NX INCR 1 a", want: rNull},
			{cmd: "ZINCRBY z -1.5 a", want: rBulk("2")},
			{cmd: "ZINCRBY z 1e20 new", want: rBulk("1e+20")},
			{cmd: "ZADD z inf i -inf j", want: rInt(2)},
			{cmd: "ZINCRBY z -inf i", want: rErr("ERR resulting score is not a number (NaN)")},
			{cmd: "ZADD z nan x", want: rErr("ERR value is not a valid float")},
			{cmd: "ZADD z NX XX 1 a", want: rErr("ERR XX and NX options at the same time are not compatible")},
			{cmd: "ZADD z GT LT 1 a", want: rErr("ERR GT, LT, and/or NX options at the same time are not compatible")},
			{cmd: "ZADD z INCR 1 a 2 b", want: rErr("ERR INCR option supports a single increment-element pair")},
			{cmd: "ZADD z 1 a 2", want: rErr("ERR syntax error")},
			{cmd: "ZADD z XX CH", want: rErr("ERR syntax error")},
			{cmd: "ZADD none XX 1 a", want: rInt(0)},
			{cmd: "EXISTS none", want: rInt(0)},
			{cmd: "ZCARD z", want: rInt(7)},
			{cmd: "SET s x", want: rOK},
			{cmd: "ZADD s 1 a", want: wrongType},
			{cmd: "ZCARD s", want: wrongType},
		},
		"rank-rem": {
			{cmd: "ZADD z 1 a 2 b 3 c 3 d", want: rInt(4)},
			{cmd: "ZRANK z c", want: rInt(2)},
			{cmd: "ZREVRANK z c", want: rInt(1)},
			{cmd: "ZRANK z nope", want: rNull},
			{cmd: "ZREM z a nope b", want: rInt(2)},
			{cmd: "ZREM z c d", want: rInt(2)},
			{cmd: "EXISTS z", want: rInt(0)},
			{cmd: "ZREM z a", want: rInt(0)},
		},
		"ranges": {
			{cmd: "ZADD z 1 a 2 b 3 c 4 d 5 e", want: rInt(5)},
			{cmd: "ZRANGE z 0 -1", want: rBulks("a", "b", "c", "d", "e")},
			{cmd: "ZRANGE z 1 2 WITHSCORES", want: rBulks("b", "2", "c", "3")},
			{cmd: "ZRANGE z 0 1 REV", want: rBulks("e", "d")},
			{cmd: "ZREVRANGE z 1 -2", want: rBulks("d", "c", "b")},
			{cmd: "ZRANGE z (1 3 BYSCORE", want: rBulks("b", "c")},
			{cmd: "ZRANGE z 5 (2 BYSCORE REV LIMIT 1 2", want: rBulks("d", "c")},
			{cmd: "ZRANGEBYSCORE z -inf +inf LIMIT 3 -1", want: rBulks("d", "e")},
			{cmd: "ZRANGEBYSCORE z -inf +inf LIMIT -1 5", want: rEmptyArr},
			{cmd: "ZREVRANGEBYSCORE z 4 2 WITHSCORES", want: rBulks("d", "4", "c", "3", "b", "2")},
			{cmd: "ZRANGEBYSCORE z x 2", want: rErr("ERR min or max is not a float")},
			{cmd: "ZRANGE z 0 -1 LIMIT 0 1", want: rErr(ErrZLimitRank)},
			{cmd: "ZRANGE z - + BYLEX WITHSCORES", want: rErr(ErrZScoresLex)},
			{cmd: "ZRANGE z 0 1 BYSCORE BYLEX", want: rErr("ERR syntax error")},
			{cmd: "ZCOUNT z (1 3", want: rInt(2)},
			{cmd: "ZCOUNT z 3 1", want: rInt(0)},
			{cmd: "ZRANGE none 0 -1", want: rEmptyArr},
		},
		"lex": {
			{cmd: "ZADD z 0 a 0 b 0 c 0 d 0 e", want: rInt(5)},
			{cmd: "ZRANGEBYLEX z - [c", want: rBulks("a", "b", "c")},
			{cmd: "ZRANGEBYLEX z (a (d", want: rBulks("b", "c")},
			{cmd: "ZREVRANGEBYLEX z + (c", want: rBulks("e", "d")},
			{cmd: "ZRANGE z [b + BYLEX LIMIT 1 2", want: rBulks("c", "d")},
			{cmd: "ZLEXCOUNT z - +", want: rInt(5)},
			{cmd: "ZLEXCOUNT z [b (d", want: rInt(2)},
			{cmd: "ZRANGEBYLEX z a c", want: rErr("ERR min or max not valid string range item")},
			{cmd: "ZREMRANGEBYLEX z [b [c", want: rInt(2)},
			{cmd: "ZRANGE z 0 -1", want: rBulks("a", "d", "e")},
		},
		"remrange": {
			{cmd: "ZADD z 1 a 2 b 3 c 4 d 5 e", want: rInt(5)},
			{cmd: "ZREMRANGEBYRANK z 0 1", want: rInt(2)},
			{cmd: "ZREMRANGEBYSCORE z (3 4", want: rInt(1)},
			{cmd: "ZREMRANGEBYRANK z 5 10", want: rInt(0)},
			{cmd: "ZRANGE z 0 -1", want: rBulks("c", "e")},
			{cmd: "ZREMRANGEBYSCORE z -inf +inf", want: rInt(2)},
			{cmd: "EXISTS z", want: rInt(0)},
		},
		"pop": {
			{cmd: "ZADD z 1 a 2 b 3 c", want: rInt(3)},
			{cmd: "ZPOPMIN z", want: rBulks("a", "1")},
			{cmd: "ZPOPMAX z 5", want: rBulks("c", "3", "b", "2")},
			{cmd: "ZPOPMIN z", want: rEmptyArr},
			{cmd: "ZPOPMIN z -1", want: rErr("ERR value is out of range, must be positive")},
			{cmd: "ZPOPMIN z 1 2", want: rErr("ERR syntax error")},
			{cmd: "ZADD y 1 a 2 b", want: rInt(2)},
			{cmd: "ZMPOP 2 z y MAX COUNT 1", want: rArr(rBulk("y"), rArr(rBulks("b", "2")))},
			{cmd: "ZMPOP 1 z MIN", want: rNullArr},
			{cmd: "ZMPOP 1 z LEFT", want: rErr("ERR syntax error")},
		},
		"setops": {
			{cmd: "ZADD a 1 x 2 y 3 z", want: rInt(3)},
			{cmd: "ZADD b 10 y 20 z 30 w", want: rInt(3)},
			{cmd: "SADD s y w", want: rInt(2)},
			{cmd: "ZUNION 2 a b WITHSCORES", want: rBulks("x", "1", "y", "12", "z", "23", "w", "30")},
			{cmd: "ZINTER 2 a b AGGREGATE MAX WITHSCORES", want: rBulks("y", "10", "z", "20")},
			{cmd: "ZINTER 2 a b WEIGHTS 2 0.5", want: rBulks("y", "z")},
			{cmd: "ZINTER 2 a s WITHSCORES", want: rBulks("y", "3")},
			{cmd: "ZDIFF 2 a b WITHSCORES", want: rBulks("x", "1")},
			{cmd: "ZINTERCARD 2 a b", want: rInt(2)},
			{cmd: "ZINTERCARD 2 a b LIMIT 1", want: rInt(1)},
			{cmd: "ZINTERCARD 2 a b LIMIT -1", want: rErr("ERR LIMIT can't be negative")},
			{cmd: "ZUNIONSTORE d 2 a b WEIGHTS 1 2", want: rInt(4)},
			{cmd: "ZRANGE d 0 -1 WITHSCORES", want: rBulks("x", "1", "y", "22", "z", "43", "w", "60")},
			{cmd: "ZDIFFSTORE d 2 a a", want: rInt(0)},
			{cmd: "EXISTS d", want: rInt(0)},
			{cmd: "ZUNION 0 a", want: rErr("ERR at least 1 input key is needed for 'zunion' command")},
			{cmd: "ZUNION 3 a b", want: rErr("ERR syntax error")},
			{cmd: "ZUNION 2 a b WEIGHTS 1 x", want: rErr("ERR weight value is not a float")},
			{cmd: "ZDIFF 2 a b WEIGHTS 1 1", want: rErr("ERR syntax error")},
			{cmd: "SET str v", want: rOK},
			{cmd: "ZUNION 2 a str", want: wrongType},
			{cmd: "ZRANGESTORE d a 0 1", want: rInt(2)},
			{cmd: "ZRANGE d 0 -1 WITHSCORES", want: rBulks("x", "1", "y", "2")},
			{cmd: "ZRANGESTORE d a 5 6", want: rInt(0)},
			{cmd: "EXISTS d", want: rInt(0)},
		},
		"randmember-scan": {
			{cmd: "ZADD z 1 a", want: rInt(1)},
			{cmd: "ZRANDMEMBER z", want: rBulk("a")},
			{cmd: "ZRANDMEMBER z 5 WITHSCORES", want: rBulks("a", "1")},
			{cmd: "ZRANDMEMBER z -3", want: rBulks("a", "a", "a")},
			{cmd: "ZRANDMEMBER z 0", want: rEmptyArr},
			{cmd: "ZRANDMEMBER none 2", want: rEmptyArr},
			{cmd: "ZRANDMEMBER none", want: rNull},
			{cmd: "ZRANDMEMBER z 1 foo", want: rErr("ERR syntax error")},
			{cmd: "ZRANDMEMBER z -9223372036854775808", want: rErr(ErrZRandBounds)},
			{cmd: "ZRANDMEMBER z 9223372036854775807 WITHSCORES", want: rErr("ERR value is out of range")},
			{cmd: "ZSCAN z 0", want: rArr(rBulk("0"), rBulks("a", "1"))},
			{cmd: "ZSCAN z 0 MATCH b*", want: rArr(rBulk("0"), rEmptyArr)},
		},
	})
}

func TestZSetEncodingConversion(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "ZADD", "z", "1", "a")
	if got := encodingOf(e, "z"); got != "listpack" {
		t.Fatalf("small zset encoding %q", got)
	}
	run(e, "ZADD", "z", "2", strings.Repeat("x", 65))
	if got := encodingOf(e, "z"); got != "skiplist" {
		t.Fatalf("after long member: %q", got)
	}
	for i := 0; i < 128; i++ {
		run(e, "ZADD", "y", strconv.Itoa(i), "m"+strconv.Itoa(i))
	}
	if got := encodingOf(e, "y"); got != "listpack" {
		t.Fatalf("128 members: %q", got)
	}
	run(e, "ZADD", "y", "200", "one-more")
	if got := encodingOf(e, "y"); got != "skiplist" {
		t.Fatalf("129 members: %q", got)
	}
	run(e, "ZREMRANGEBYRANK", "y", "0", "100")
	if got := encodingOf(e, "y"); got != "skiplist" {
		t.Fatalf("shrunk zset went back to %q; Redis 7.0 keeps skiplist", got)
	}
	run(e, "ZRANGESTORE", "d", "y", "0", "-1")
	if got := encodingOf(e, "d"); got != "listpack" {
		t.Fatalf("ZRANGESTORE of 28 members: %q", got)
	}
}

func TestZSetResp3Replies(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "ZADD", "z", "1.5", "a", "inf", "b")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ZSCORE", "z", "a"}, ",1.5\r\n"},
		{[]string{"ZSCORE", "z", "b"}, ",inf\r\n"},
		{[]string{"ZRANGE", "z", "0", "-1", "WITHSCORES"}, "*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,inf\r\n"},
		{[]string{"ZPOPMIN", "z", "1"}, "*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n"},
		{[]string{"ZPOPMIN", "z"}, "*2\r\n$1\r\nb\r\n,inf\r\n"},
		{[]string{"ZSCORE", "z", "b"}, "_\r\n"},
	} {
		argv := make([][]byte, len(tc.args))
		for i, a := range tc.args {
			argv[i] = []byte(a)
		}
		w := resp.NewWriter()
		w.Proto = 3
		e.Lock()
		e.Exec(&Ctx{DB: e.DB(0), Cmd: Lookup(argv[0]), Args: argv, W: w})
		e.Unlock()
		if got := string(w.Bytes()); got != tc.want {
			t.Errorf("%v (RESP3) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

func TestZSetEffectsAndNotifications(t *testing.T) {
	var events []string
	e := New(Options{Notify: func(db int, class NotifyClass, event, key string) {
		events = append(events, event+":"+key)
	}})
	run(e, "ZADD", "z", "1", "a", "2", "b", "3", "c")
	run(e, "ZADD", "z", "1", "a") // no change: not logged, no event
	run(e, "ZINCRBY", "z", "1", "a")
	run(e, "ZMPOP", "1", "z", "MIN", "COUNT", "10")
	run(e, "ZADD", "y", "1", "a")
	run(e, "BZPOPMAX", "y", "0")
	got := effectStrings(t, e)
	want := []string{"ZADD z 1 a 2 b 3 c", "ZINCRBY z 1 a", "ZPOPMIN z 3", "ZADD y 1 a", "ZPOPMAX y"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("effects %q, want %q", got, want)
	}
	wantEv := []string{"new:z", "zadd:z", "zincr:z", "zpopmin:z", "del:z", "new:y", "zadd:y", "zpopmax:y", "del:y"}
	if strings.Join(events, "|") != strings.Join(wantEv, "|") {
		t.Errorf("events %q, want %q", events, wantEv)
	}
}
