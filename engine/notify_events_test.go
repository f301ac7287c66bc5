package engine

import (
	"strings"
	"testing"
	"time"
)

// Keyspace events per command, in Redis 7.0's names and order (checked
// against src/t_*.c and db.c): "new" when a key is created (dbAdd), then
// the command's own events, then "del" when a collection empties.
func TestKeyspaceEventsPerCommand(t *testing.T) {
	var got []string
	now := time.UnixMilli(1_700_000_000_000)
	e := New(Options{Now: func() time.Time { return now }, Notify: func(db int, class NotifyClass, event, key string) {
		got = append(got, event+":"+key)
	}})
	steps := []struct{ cmd, want string }{
		{"SET a 1", "new:a set:a"},
		{"SET a 2", "set:a"},
		{"SETEX c 10 v", "new:c set:c expire:c"},
		{"GETDEL a", "del:a"},
		{"GETEX c PERSIST", "persist:c"},
		{"APPEND s x", "new:s append:s"},
		{"SETRANGE s 3 y", "setrange:s"},
		{"INCR n", "new:n incrby:n"},
		{"DECR n", "incrby:n"},
		{"INCRBYFLOAT f 1.5", "new:f incrbyfloat:f"},
		{"MSET m1 1 m2 2", "new:m1 set:m1 new:m2 set:m2"},
		{"SETBIT bit 3 1", "new:bit setbit:bit"},
		{"BITOP AND dst bit bit", "new:dst set:dst"},
		{"EXPIRE s 100", "expire:s"},
		{"PERSIST s", "persist:s"},
		{"EXPIRE s 0", "del:s"},
		{"RENAME n nn", "new:nn rename_from:n rename_to:nn"},
		{"MOVE nn 1", "new:nn move_from:nn move_to:nn"},
		{"COPY f f2", "new:f2 copy_to:f2"},
		{"DEL f f2", "del:f del:f2"},
		{"TOUCH m2", ""},
		{"RPUSH l a b c", "new:l rpush:l"},
		{"LPOP l", "lpop:l"},
		{"LTRIM l 0 0", "ltrim:l"},
		{"RPOPLPUSH l l2", "new:l2 lpush:l2 rpop:l del:l"},
		{"SADD st a b", "new:st sadd:st"},
		{"SMOVE st st2 b", "srem:st new:st2 sadd:st2"},
		{"SMOVE st st2 a", "srem:st del:st sadd:st2"},
		{"SPOP st2", "spop:st2"},
		{"HSET h a 1", "new:h hset:h"},
		{"HINCRBY h a 1", "hincrby:h"},
		{"HDEL h a", "hdel:h del:h"},
		{"ZADD z 1 a 2 b", "new:z zadd:z"},
		{"ZINCRBY z 1 a", "zincr:z"},
		{"ZREMRANGEBYRANK z 0 -1", "zremrangebyrank:z del:z"},
		{"GET missing", "keymiss:missing"},
		{"XADD x 1 f v", "new:x xadd:x"},
		{"XADD x MAXLEN 1 2 f v", "xadd:x xtrim:x"},
		{"XGROUP CREATE x g $", "xgroup-create:x"},
		{"XGROUP CREATECONSUMER x g bob", "xgroup-createconsumer:x"},
		{"XREADGROUP GROUP g alice STREAMS x 0", "xgroup-createconsumer:x"},
		{"XCLAIM x g mike 0 2-0 FORCE", "xgroup-createconsumer:x"},
		{"XGROUP DELCONSUMER x g lee", ""},
		{"XGROUP DELCONSUMER x g bob", "xgroup-delconsumer:x"},
		{"XDEL x 2-0", "xdel:x"},
		{"XSETID x 5", "xsetid:x"},
		{"XGROUP SETID x g 0", "xgroup-setid:x"},
		{"XGROUP DESTROY x g", "xgroup-destroy:x"},
		{"XGROUP CREATE y g $ MKSTREAM", "new:y xgroup-create:y"},
	}
	for _, s := range steps {
		got = got[:0]
		run(e, strings.Fields(s.cmd)...)
		if g := strings.Join(got, " "); g != s.want {
			t.Errorf("%s: events %q, want %q", s.cmd, g, s.want)
		}
	}
}

// Expiry raises "expired" once, whether a read finds the key expired
// (lazy) or the active cycle reclaims it.
func TestExpiredEventsLazyAndActive(t *testing.T) {
	var got []string
	now := time.UnixMilli(1_700_000_000_000)
	e := New(Options{Now: func() time.Time { return now }, Notify: func(db int, class NotifyClass, event, key string) {
		if class == NotifyExpired {
			got = append(got, event+":"+key)
		}
	}})
	run(e, "SET", "lazy", "v", "PX", "10")
	run(e, "SET", "active", "v", "PX", "10")
	now = now.Add(20 * time.Millisecond)
	run(e, "GET", "lazy")
	run(e, "GET", "lazy")
	e.Lock()
	for i := 0; i < 10; i++ {
		e.ActiveExpireCycle(10)
	}
	e.Unlock()
	if g := strings.Join(got, " "); g != "expired:lazy expired:active" {
		t.Fatalf("expired events %q", g)
	}
}
