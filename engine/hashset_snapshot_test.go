package engine

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// viewDump renders a snapshot's hashes and sets like dumpEngine.
func viewDump(v *DBView) string {
	e := &Engine{dbs: []*DB{{keys: v.keys}}}
	return dumpEngine(e)
}

func TestHashSetSnapshotUnchanged(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "HSET", "small", "a", "1", "b", "2")
	run(e, "HSET", "big", "long", strings.Repeat("x", 100))
	run(e, "SADD", "ints", "1", "2", "3")
	run(e, "SADD", "strs", "a", "b", "c")
	e.Lock()
	snap := e.Snapshot()
	e.Unlock()
	before := viewDump(&snap.DBs[0])
	for _, cmd := range [][]string{
		{"HSET", "small", "a", "9", "c", "3"}, {"HDEL", "small", "b"},
		{"HSET", "big", "long", "y", "new", "z"}, {"HINCRBY", "big", "n", "1"},
		{"HSET", "small", "conv", strings.Repeat("q", 70)},
		{"SADD", "ints", "4", "x"}, {"SREM", "ints", "1"},
		{"SPOP", "strs"}, {"SMOVE", "strs", "ints", "a"}, {"SINTERSTORE", "strs", "ints"},
		{"DEL", "big"},
	} {
		run(e, cmd...)
	}
	if got := viewDump(&snap.DBs[0]); got != before {
		t.Fatalf("snapshot changed:\n%s\nwas\n%s", got, before)
	}
	if encodingOf(e, "small") != "hashtable" || snap.DBs[0].Get("small").Encoding() != "listpack" {
		t.Fatal("conversion after the snapshot leaked into it")
	}
}

// bigSet and bigHash build a collection of n members straight into db 0.
func bigSet(e *Engine, key string, n int) {
	s := &Set{gen: e.Gen()}
	for i := 0; i < n; i++ {
		s.AddMember(e.Gen(), e.Config(), "m"+strconv.Itoa(i))
	}
	e.DB(0).Set(key, ObjectValue(s))
}

func bigHash(e *Engine, key string, n int) {
	h := &Hash{gen: e.Gen()}
	for i := 0; i < n; i++ {
		h.SetField(e.Gen(), e.Config(), "f"+strconv.Itoa(i), "v")
	}
	e.DB(0).Set(key, ObjectValue(h))
}

// allocatedBy returns the bytes the heap allocated while fn ran.
func allocatedBy(fn func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// TestMillionMemberWriteAfterSnapshotIsLogarithmic proves a write to a
// 1,000,000-member set (and a big hash) shared with a snapshot copies one path of
// the trie, not the collection.
func TestMillionMemberWriteAfterSnapshotIsLogarithmic(t *testing.T) {
	e, _ := testEngine(t)
	// The set has a million members; the hash, built the same way on the
	// same trie, is smaller to keep the test quick on a shared machine.
	const n, nh = 1_000_000, 100_000
	bigSet(e, "set", n)
	bigHash(e, "hash", nh)
	e.Lock()
	snap := e.Snapshot()
	e.Unlock()
	for _, cmd := range [][]string{
		{"SADD", "set", "new-member"}, {"SREM", "set", "m17"},
		{"HSET", "hash", "new-field", "v"}, {"HDEL", "hash", "f17"},
	} {
		bytes := allocatedBy(func() { run(e, cmd...) })
		t.Logf("%v after snapshot allocated %d bytes", cmd, bytes)
		// A path copy is a few trie nodes (about 1 KB each at most); a
		// whole copy would be tens of megabytes.
		if bytes > 64<<10 {
			t.Errorf("%v allocated %d bytes: the collection was copied", cmd, bytes)
		}
	}
	if snap.DBs[0].Get("set").Obj().Len() != n || snap.DBs[0].Get("hash").Obj().Len() != nh {
		t.Fatal("snapshot sizes changed")
	}
	if e.DB(0).Peek("set").Obj().Len() != n || e.DB(0).Peek("hash").Obj().Len() != nh {
		t.Fatal("live sizes wrong")
	}
}

func TestLoaderConstructors(t *testing.T) {
	cfg := DefaultConfig()
	h := NewHashFromPairs(0, cfg, []string{"a", "b"}, []string{"1", strings.Repeat("x", 65)})
	if h.Encoding() != "hashtable" || h.Len() != 2 {
		t.Fatalf("hash %s %d", h.Encoding(), h.Len())
	}
	if v, _ := h.Get("a"); v != "1" {
		t.Fatalf("a = %q", v)
	}
	s := NewSetFromMembers(0, cfg, []string{"3", "1", "2", "1"})
	if s.Encoding() != "intset" || s.Len() != 3 {
		t.Fatalf("set %s %d", s.Encoding(), s.Len())
	}
	if got := s.AppendIntset(nil); len(got) != 8+3*2 {
		t.Fatalf("intset bytes %v", got)
	}
}

// A value of the same length is rewritten in place only in a packed list
// the hash alone holds: a snapshot and a COPY taken before keep theirs,
// and the write after them allocates a new list once, then goes in place.
func TestHashSameLengthOverwriteKeepsSharedCopies(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "HSET", "session", "user", "alice", "seen", "1700000001")
	run(e, "HSET", "session", "seen", "1700000002") // in place: built by this hash
	e.Lock()
	snap := e.Snapshot()
	e.Unlock()
	run(e, "COPY", "session", "copy")
	run(e, "HSET", "session", "seen", "1700000003")
	run(e, "HSET", "session", "seen", "1700000004")
	run(e, "HSET", "copy", "seen", "1700000005")
	for _, tc := range []struct{ where, got, want string }{
		{"snapshot", func() string { v, _ := snap.DBs[0].Get("session").Obj().(*Hash).Get("seen"); return v }(), "1700000002"},
		{"session", run(e, "HGET", "session", "seen"), "$10\r\n1700000004\r\n"},
		{"copy", run(e, "HGET", "copy", "seen"), "$10\r\n1700000005\r\n"},
		{"user", run(e, "HGET", "session", "user"), "$5\r\nalice\r\n"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: seen = %q, want %q", tc.where, tc.got, tc.want)
		}
	}
	// Owned by the current generation now: the next same-length write
	// allocates nothing.
	e.Lock()
	defer e.Unlock()
	h := e.DB(0).Lookup("session").Obj().(*Hash)
	cfg := e.Config()
	allocs := testing.AllocsPerRun(100, func() { h.SetField(e.Gen(), cfg, "seen", "1700000009") })
	if allocs != 0 {
		t.Errorf("same-length overwrite of an owned list: %.1f allocations", allocs)
	}
}
