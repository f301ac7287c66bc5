package engine

import (
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/resp"
)

// rerun runs a blocked command again the way the server does: through the
// block request's Rerun in place of the command's Run.
func rerun(e *Engine, br *BlockRequest, args ...string) (string, *BlockRequest) {
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	cmd := *Lookup(argv[0])
	cmd.Run = br.Rerun
	w := resp.NewWriter()
	c := &Ctx{DB: e.DB(0), Cmd: &cmd, Args: argv, W: w}
	e.Lock()
	defer e.Unlock()
	e.Exec(c)
	return string(w.Bytes()), c.Blocked()
}

func TestXreadBlockKeepsDollar(t *testing.T) {
	var ready []string
	e := New(Options{KeyReady: func(db int, key string) { ready = append(ready, key) }})
	run(e, "XADD", "s", "1-1", "a", "1")
	args := strings.Fields("XREAD BLOCK 0 STREAMS s $")
	got, br := runBlocking(e, false, args...)
	if got != "" || br == nil || br.Rerun == nil || len(br.Keys) != 1 || br.Keys[0] != "s" {
		t.Fatalf("XREAD $ on a stream with nothing new: reply %q, block %+v", got, br)
	}
	// Nothing new yet: blocks again.
	if got, br2 := rerun(e, br, args...); got != "" || br2 == nil {
		t.Fatalf("re-run without news: %q %v", got, br2)
	}
	run(e, "XADD", "s", "2-1", "b", "2")
	if len(ready) == 0 || ready[len(ready)-1] != "s" {
		t.Fatalf("XADD did not signal the key: %v", ready)
	}
	// The re-run serves what came after the ID $ stood for when it blocked,
	// not after the stream's last ID now.
	got, br2 := rerun(e, br, args...)
	want := rArr(rArr(rBulk("s"), rArr(rEntry("2-1", "b", "2"))))
	if got != want || br2 != nil {
		t.Fatalf("re-run after XADD = %q (block %v), want %q", got, br2, want)
	}
	// Inside MULTI, XREAD BLOCK answers null at once.
	if got, br := runBlocking(e, true, args...); got != "*-1\r\n" || br != nil {
		t.Fatalf("XREAD BLOCK in MULTI = %q, %v", got, br)
	}
}

func TestXreadgroupBlockedWokenByDeletion(t *testing.T) {
	var ready []string
	e := New(Options{KeyReady: func(db int, key string) { ready = append(ready, key) }})
	run(e, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
	args := strings.Fields("XREADGROUP GROUP g alice BLOCK 0 STREAMS s >")
	got, br := runBlocking(e, false, args...)
	if got != "" || br == nil {
		t.Fatalf("XREADGROUP on an empty stream: %q %v", got, br)
	}
	run(e, "XADD", "s", "5-0", "f", "v")
	got, _ = rerun(e, br, args...)
	if want := rArr(rArr(rBulk("s"), rArr(rEntry("5-0", "f", "v")))); got != want {
		t.Fatalf("woken XREADGROUP = %q, want %q", got, want)
	}
	e.TakeEffects()
	// Blocked again, then the group goes, then the key.
	_, br = runBlocking(e, false, args...)
	run(e, "XGROUP", "DESTROY", "s", "g")
	if got, _ := rerun(e, br, args...); got != rErr(ErrXGroupGone) {
		t.Fatalf("group destroyed: %q", got)
	}
	run(e, "XGROUP", "CREATE", "s", "g", "$")
	_, br = runBlocking(e, false, args...)
	ready = nil
	run(e, "SET", "s", "now a string")
	if len(ready) != 1 {
		t.Fatalf("overwriting the stream signalled %v", ready)
	}
	if got, _ := rerun(e, br, args...); got != rErr(ErrXStreamGone) {
		t.Fatalf("stream overwritten: %q", got)
	}
}

// Deliveries are logged as forced XCLAIMs with absolute times, and the
// group's last ID and entries-read as XGROUP SETID; XADD with its ID and
// an approximate trim made exact (here the whole chunk went, new entry
// included, as in Redis).
func TestXreadgroupLogsDeliveries(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "XADD", "s", "1-0", "f", "v")
	run(e, "XGROUP", "CREATE", "s", "g", "0")
	e.TakeEffects()
	run(e, "XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">")
	got := effectStrings(t, e)
	want := []string{
		"XCLAIM s g alice 0 1-0 TIME 1700000000000 RETRYCOUNT 1 FORCE JUSTID LASTID 1-0",
		"XGROUP SETID s g 1-0 ENTRIESREAD 1",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("effects %q, want %q", got, want)
	}
	run(e, "XADD", "s", "MAXLEN", "~", "0", "*", "f", "v")
	if got := effectStrings(t, e); len(got) != 1 || got[0] != "XADD s MAXLEN = 0 1700000000000-0 f v" {
		t.Fatalf("XADD with automatic ID and approximate trim logged %q", got)
	}
}
