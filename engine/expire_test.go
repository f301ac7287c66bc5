package engine

import (
	"reflect"
	"strconv"
	"testing"
	"time"
)

func TestLazyExpiryLogsDel(t *testing.T) {
	e, now := testEngine(t)
	run(e, "SET", "a", "1", "PX", "100")
	run(e, "SET", "b", "1", "PX", "100")
	run(e, "SET", "c", "1", "PX", "100")
	e.TakeEffects()
	*now = now.Add(100 * time.Millisecond) // due exactly now: expired
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"GET", "a"}, rNull},
		{[]string{"TTL", "b"}, rInt(-2)},
		{[]string{"INCR", "c"}, rInt(1)},
	} {
		if got := run(e, c.args...); got != c.want {
			t.Errorf("%q = %q, want %q", c.args, got, c.want)
		}
	}
	want := []string{"DEL a", "DEL b", "DEL c", "INCR c"}
	if got := effectStrings(t, e); !reflect.DeepEqual(got, want) {
		t.Fatalf("effects %q, want %q", got, want)
	}
	if s := e.Stats(); s.ExpiredKeys != 3 {
		t.Fatalf("expired_keys = %d", s.ExpiredKeys)
	}
}

func TestLazyExpiryUnlinkWhenLazyfree(t *testing.T) {
	e, now := testEngine(t)
	e.Config().LazyfreeLazyExpire = true
	run(e, "SET", "a", "1", "PX", "1")
	e.TakeEffects()
	*now = now.Add(time.Millisecond)
	run(e, "EXISTS", "a")
	if got := effectStrings(t, e); !reflect.DeepEqual(got, []string{"UNLINK a"}) {
		t.Fatalf("effects %q", got)
	}
}

func TestActiveExpireCycle(t *testing.T) {
	e, now := testEngine(t)
	for i := 0; i < 200; i++ {
		run(e, "SET", "v"+strconv.Itoa(i), "x", "PX", strconv.Itoa(10+i%2*1_000_000))
	}
	run(e, "SET", "plain", "x")
	e.TakeEffects()
	e.Lock()
	if n := e.ActiveExpireCycle(10); n != 0 {
		t.Fatalf("expired %d keys before their time", n)
	}
	*now = now.Add(time.Second)
	total := 0
	for i := 0; i < 100 && total < 100; i++ {
		total += e.ActiveExpireCycle(10)
	}
	effects := e.TakeEffects()
	e.Unlock()
	if total != 100 {
		t.Fatalf("active expiry removed %d keys, want 100", total)
	}
	if len(effects) != 100 {
		t.Fatalf("%d effects, want 100 DELs", len(effects))
	}
	for _, eff := range effects {
		if cmd := decodeCommands(t, eff.RESP)[0]; cmd[:4] != "DEL " {
			t.Fatalf("active expiry logged %q", cmd)
		}
	}
	if got := run(e, "DBSIZE"); got != rInt(101) {
		t.Fatalf("DBSIZE = %q", got)
	}
	e.Lock()
	volatile := e.DB(0).Expires()
	e.Unlock()
	if volatile != 100 {
		t.Fatalf("volatile keys = %d", volatile)
	}
}

func TestActiveExpireDisabled(t *testing.T) {
	e, now := testEngine(t)
	run(e, "SET", "k", "v", "PX", "1")
	*now = now.Add(time.Second)
	e.Config().ActiveExpire = false
	e.Lock()
	n := e.ActiveExpireCycle(10)
	e.Unlock()
	if n != 0 || run(e, "DBSIZE") != rInt(1) {
		t.Fatalf("disabled cycle expired %d keys", n)
	}
}

// TestLoadingKeepsPastExpiries: while a log is replayed, an EXPIRE in the
// past is stored as is (the log holds the DEL that followed) and lookups
// do not expire anything.
func TestLoadingKeepsPastExpiries(t *testing.T) {
	e, now := testEngine(t)
	e.SetLoading(true)
	run(e, "SET", "k", "v")
	run(e, "PEXPIREAT", "k", "1")
	run(e, "SET", "g", "v", "PXAT", "5")
	run(e, "GETEX", "g", "PXAT", "6")
	*now = now.Add(time.Hour)
	if got := run(e, "GET", "k"); got != rBulk("v") {
		t.Fatalf("GET while loading = %q", got)
	}
	if got := run(e, "PEXPIRETIME", "g"); got != rInt(6) {
		t.Fatalf("PEXPIRETIME while loading = %q", got)
	}
	if e.HasEffects() {
		t.Fatal("loading produced effects")
	}
	e.SetLoading(false)
	if got := run(e, "GET", "k"); got != rNull {
		t.Fatalf("GET after loading = %q", got)
	}
}

// TestCopyIsIndependent: COPY shares a collection's persistent structure,
// so a later write through either key must not show through the other.
func TestCopyIsIndependent(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "HSET", "src", "a", "1", "b", "2")
	for i := 0; i < 300; i++ { // past the listpack threshold: a shared map
		run(e, "HSET", "big", "f"+strconv.Itoa(i), "v")
	}
	run(e, "COPY", "src", "dst")
	run(e, "COPY", "big", "big2", "DB", "1")
	run(e, "HSET", "src", "a", "changed")
	run(e, "HSET", "dst", "c", "3")
	run(e, "HDEL", "big", "f7")
	runDB(e, 1, "HSET", "big2", "f8", "other")
	for _, c := range []struct {
		db   int
		args []string
		want string
	}{
		{0, []string{"HGET", "dst", "a"}, rBulk("1")},
		{0, []string{"HGET", "src", "c"}, rNull},
		{0, []string{"HLEN", "src"}, rInt(2)},
		{0, []string{"HLEN", "dst"}, rInt(3)},
		{1, []string{"HGET", "big2", "f7"}, rBulk("v")},
		{0, []string{"HGET", "big", "f8"}, rBulk("v")},
		{0, []string{"HLEN", "big"}, rInt(299)},
		{1, []string{"HLEN", "big2"}, rInt(300)},
	} {
		if got := runDB(e, c.db, c.args...); got != c.want {
			t.Errorf("db%d %q = %q, want %q", c.db, c.args, got, c.want)
		}
	}
}

func TestPopulateAndDigest(t *testing.T) {
	e, _ := testEngine(t)
	e.Lock()
	if d := e.Digest(); d != emptyDigest {
		t.Fatalf("empty digest = %s", d)
	}
	n := e.Populate(0, 10, "key", 0)
	n2 := e.Populate(0, 12, "key", 20)
	effects := e.TakeEffects()
	e.Unlock()
	if n != 10 || n2 != 2 || len(effects) != 12 {
		t.Fatalf("populate added %d, %d with %d effects", n, n2, len(effects))
	}
	if got := run(e, "GET", "key:3"); got != rBulk("value:3") {
		t.Fatalf("key:3 = %q", got)
	}
	if got := run(e, "GET", "key:11"); got != rBulk("value:11"+string(make([]byte, 12))) {
		t.Fatalf("key:11 = %q", got)
	}
	e.Lock()
	d1 := e.Digest()
	v1 := e.DigestValue(0, "key:1", "nosuch")
	e.Unlock()
	if len(d1) != 40 || d1 == emptyDigest || v1[1] != emptyDigest || len(v1[0]) != 40 {
		t.Fatalf("digests %s %q", d1, v1)
	}
	digest := func() string {
		e.Lock()
		defer e.Unlock()
		return e.Digest()
	}
	run(e, "SET", "key:1", "other")
	if digest() == d1 {
		t.Fatal("digest ignores a value change")
	}
	run(e, "SET", "key:1", "value:1")
	if digest() != d1 {
		t.Fatal("digest depends on history")
	}
	run(e, "EXPIRE", "key:1", "100")
	if digest() == d1 {
		t.Fatal("digest ignores expiries")
	}
	run(e, "PERSIST", "key:1")
	run(e, "MOVE", "key:1", "1")
	if digest() == d1 {
		t.Fatal("digest ignores the database")
	}
}
