package server

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// Go's collector lets the heap grow to (1 + gc-percent/100) times the live
// data before collecting, and returns freed pages to the OS slowly. A
// key-value server's resident size is what operators compare with Redis,
// so Strata (1) defaults to a lower growth target (strata-gc-percent,
// default 50) and (2) when the server has been idle for a couple of
// seconds with garbage left over, collects and returns the memory at once.

var idleSamples = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"},
	{Name: "/memory/classes/heap/free:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}

type idleGC struct {
	running   atomic.Bool // a background collection is under way
	afterLoad atomic.Bool // the data was loaded at start and not yet collected
	freedAtGC int64       // engine FreedBytes when it was started
	lastCheck time.Time
	lastOps   int64
	idleSince time.Time
	lastRun   time.Time
}

// idleCollect is called from cron without the engine lock.
func (s *Server) idleCollect() {
	g := &s.gc
	now := time.Now()
	if now.Sub(g.lastCheck) < time.Second {
		return
	}
	g.lastCheck = now
	ops := s.stats.commandsProcessed.Load()
	if ops != g.lastOps {
		g.lastOps, g.idleSince = ops, now
		return
	}
	if now.Sub(g.idleSince) < 2*time.Second || now.Sub(g.lastRun) < 10*time.Second {
		return
	}
	metrics.Read(idleSamples)
	heap, live := idleSamples[0].Value.Uint64(), idleSamples[1].Value.Uint64()
	// free: pages the heap holds but does not use, not yet given back;
	// unused: the slack inside spans.
	slack := idleSamples[2].Value.Uint64() + idleSamples[3].Value.Uint64()
	if !idleCollectDue(heap, live, slack, g.afterLoad.Load()) {
		return
	}
	g.afterLoad.Store(false)
	g.lastRun = now
	go debug.FreeOSMemory()
}

// idleCollectDue decides whether an idle server collects and returns its
// free memory: when the heap holds a fifth more than the live data, or
// free pages a tenth of it, and always once after the data was loaded at
// start. NB: live is measured by the last collection, and a load's last
// one ran while its buffers (a 1M-key RDB: about 50 MB of them) were still
// live; nothing allocates once the load is over, so without the rule for
// loads the server would keep that memory until the dataset grew.
func idleCollectDue(heap, live, slack uint64, afterLoad bool) bool {
	if afterLoad {
		return true
	}
	return live != 0 && (heap >= live+live/5 || slack >= live/10)
}

func (s *Server) applyGCPercent() {
	gcTarget.set(func() { gcTarget.configured = int(s.cfg.Int("strata-gc-percent")) })
}

// minHeapGoal is the least heap the collector lets a small dataset grow to
// before collecting. Go's floor is 4 MB at 100%, so 2 MB at Strata's 50%:
// a fresh server taking pipelined HSETs of one key collected 136 times in
// 3M requests, 5.4% of its processor (with the floor: 4 times, 0.4%). It
// costs a small dataset up to this much resident memory;
// from about 11 MB of live data on, strata-gc-percent alone decides.
const minHeapGoal = 16 << 20

// gcTarget is the process's growth target: strata-gc-percent, raised for
// a small live heap up to minHeapGoal, or a load's own target while one
// runs. It is the process's because the runtime's is.
var gcTarget growthTarget

type growthTarget struct {
	mu         sync.Mutex
	configured int   // strata-gc-percent
	override   int   // > 0: a load's target, used as is
	applied    int   // what the runtime has, 0 before the first apply
	live       int64 // live heap after the last collection
	tunes      atomic.Int64
	once       sync.Once
}

// set changes the target's inputs with fn, under the target's lock, and
// applies the result. The first call starts following collections.
func (t *growthTarget) set(fn func()) {
	t.once.Do(t.follow)
	t.mu.Lock()
	defer t.mu.Unlock()
	fn()
	t.applyLocked()
}

func (t *growthTarget) applyLocked() {
	pct := t.override
	if pct <= 0 {
		if t.configured <= 0 {
			return // no server has set strata-gc-percent yet
		}
		pct = gcPercentFor(t.configured, t.live)
	}
	if pct != t.applied {
		debug.SetGCPercent(pct)
		t.applied = pct
	}
}

// gcPercentFor is the growth target for a live heap of live bytes:
// configured, or more if that would collect before minHeapGoal.
func gcPercentFor(configured int, live int64) int {
	if live <= 0 {
		return configured
	}
	return max(configured, min(int(minHeapGoal*100/live)-100, 10000))
}

// follow re-reads the live heap after every collection: an object with a
// finalizer is unreachable at once, so the next cycle runs the finalizer,
// which arms another.
func (t *growthTarget) follow() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		// NB: a pointer keeps the object out of the tiny allocator, whose
		// blocks may never be freed and so never finalized.
		x := &struct{ p *int }{}
		runtime.SetFinalizer(x, func(*struct{ p *int }) {
			metrics.Read(sample)
			t.mu.Lock()
			t.live = int64(sample[0].Value.Uint64())
			t.applyLocked()
			t.mu.Unlock()
			t.tunes.Add(1)
			arm()
		})
	}
	arm()
}

// withGCPercent sets the growth target to pct until the returned function
// is called (a load at start, where almost everything allocated stays).
func withGCPercent(pct int) (restore func()) {
	gcTarget.set(func() { gcTarget.override = pct })
	return func() { gcTarget.set(func() { gcTarget.override = 0 }) }
}

// lazyFree starts a background collection when deletions have released a
// lot since the last one: Redis frees big values on a background thread
// (UNLINK, FLUSHALL ASYNC, lazyfree-*), and a Go heap only shrinks when the
// collector runs. REQUIRES: the engine lock.
func (s *Server) lazyFree() {
	freed := s.eng.FreedBytes()
	if freed-s.gc.freedAtGC < 4<<20 || !s.gc.running.CompareAndSwap(false, true) {
		return
	}
	s.gc.freedAtGC = freed
	go func() {
		defer s.gc.running.Store(false)
		runtime.GC()
	}()
}
