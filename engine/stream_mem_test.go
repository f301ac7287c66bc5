package engine

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/strata-db/strata/internal/resp"
)

// TestStreamMemory1M reports the heap a stream of 1,000,000 small entries
// (one field, a 12-byte value, automatic IDs) keeps. Redis 7.0.15 holds
// the same stream in 26 MB of used_memory.
func TestStreamMemory1M(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a large stream")
	}
	e, now := testEngine(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	args := [][]byte{[]byte("XADD"), []byte("s"), []byte("*"), []byte("field"), nil}
	cmd := Lookup(args[0])
	w := resp.NewWriter()
	for i := 0; i < 1_000_000; i++ {
		if i%50 == 0 {
			*now = now.Add(1e6) // 1 ms: about 50 entries share a millisecond
		}
		args[4] = []byte(fmt.Sprintf("%012d", i*7919%1000000))
		e.Lock()
		e.Exec(&Ctx{DB: e.DB(0), Cmd: cmd, Args: args, W: w})
		e.TakeEffects()
		w.Reset()
		e.Unlock()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	mb := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	t.Logf("1M entries: %.1f MB heap (%.1f bytes/entry); Redis 7.0.15: 26 MB", mb, mb*(1<<20)/1e6)
	if mb > 26*1.5 {
		t.Errorf("stream of 1M entries takes %.1f MB, over 1.5x Redis's 26 MB", mb)
	}
	runtime.KeepAlive(e)
}
