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
	opsAtRun  int64 // commands processed when it last ran
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
	if !idleSpellDue(now, g.idleSince, g.lastRun, ops, g.opsAtRun) {
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
	g.lastRun, g.opsAtRun = now, ops
	go debug.FreeOSMemory()
}

// idleSpellDue reports whether an idle server may look at its heap now:
// idle for 2 s, and either commands ran since the last idle collection or
// that was 10 s ago. NB: the 10 s spacing is for one idle spell, whose heap
// may stay above idleCollectDue's bar after a collection. It used to hold
// across spells: the collection an empty server makes right after it
// starts kept the garbage of a load begun at once (200,000 hashes through
// redis-cli --pipe) in RSS for 10 s, a quarter more than after it.
func idleSpellDue(now, idleSince, lastRun time.Time, ops, opsAtRun int64) bool {
	if now.Sub(idleSince) < 2*time.Second {
		return false
	}
	return ops != opsAtRun || now.Sub(lastRun) >= 10*time.Second
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
	roots      int64 // stacks and globals that collection scanned
	saves      int   // background saves running (saveHeadroom)
	saveGoal   int64 // > 0: the goal the saves asked for
	saveHead   int64 // how far above the usual goal they may take it
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
		pct = targetPercent(t.configured, t.live, t.roots, t.saveGoal, t.saveHead)
	}
	if pct != t.applied {
		debug.SetGCPercent(pct)
		t.applied = pct
	}
}

// targetPercent is the growth target: gcPercentFor's, raised to reach a
// save's goal but never more than saveHead above the usual goal. NB: the
// bound is what keeps saves run back to back (a save point of "1 1" under
// steady writes) from raising the goal again and again before any
// collection. saveStarted sets it to 64/45 of the headroom: to put the
// earliest trigger a tenth above a heap that is already at the usual
// earliest trigger, the goal must move that much further (the 70% rule).
func targetPercent(configured int, live, roots, saveGoal, saveHead int64) int {
	pct := gcPercentFor(configured, live, roots)
	if saveGoal <= 0 || live <= 0 {
		return pct
	}
	usual := heapGoal(live, roots, pct)
	return max(pct, percentToReach(min(saveGoal, usual+saveHead), live, roots))
}

// gcPercentFor is the growth target for a live heap of live bytes:
// configured, or more if that would collect before minHeapGoal.
func gcPercentFor(configured int, live, roots int64) int {
	return max(configured, percentToReach(minHeapGoal, live, roots))
}

// goHeapMinimum is the runtime's least goal at a growth target of 100%;
// it scales with the target (runtime/mgcpacer.go, defaultHeapMinimum).
const goHeapMinimum = 4 << 20

// heapGoal is the runtime's goal for a growth target of pct: the live heap
// plus pct percent of everything the collector scans, which is the live
// heap and the roots (goroutine stacks and globals), and never less than
// goHeapMinimum scaled by pct (runtime/mgcpacer.go).
func heapGoal(live, roots int64, pct int) int64 {
	return max(live+(live+roots)*int64(pct)/100, goHeapMinimum*int64(pct)/100)
}

// percentToReach is the least growth target that lets a live heap of live
// bytes, with roots bytes of stacks and globals, grow to goal before
// collecting (0 when either is unknown): the least pct with heapGoal at
// or above goal.
//
// NB: both parts of heapGoal count. The floor used to solve live*(1+pct)
// = goal alone: 0.8 MB live gave a target of 1941%, which raised the
// runtime's own minimum to 78 MB, and a list of 1M elements loaded into a
// fresh server sat in 90 MB of RSS (Redis: 29 MB) until the server had
// been idle a while, never collected on the way.
func percentToReach(goal, live, roots int64) int {
	if goal <= live || live <= 0 {
		return 0
	}
	scanned := live + roots
	byScan := ((goal-live)*100 + scanned - 1) / scanned
	byMinimum := (goal*100 + goHeapMinimum - 1) / goHeapMinimum
	return int(min(byScan, byMinimum))
}

// follow re-reads the live heap after every collection: an object with a
// finalizer is unreachable at once, so the next cycle runs the finalizer,
// which arms another.
func (t *growthTarget) follow() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/scan/globals:bytes"}, {Name: "/gc/scan/stack:bytes"}}
	var arm func()
	arm = func() {
		// NB: a pointer keeps the object out of the tiny allocator, whose
		// blocks may never be freed and so never finalized.
		x := &struct{ p *int }{}
		runtime.SetFinalizer(x, func(*struct{ p *int }) {
			metrics.Read(sample)
			t.mu.Lock()
			t.live = int64(sample[0].Value.Uint64())
			t.roots = int64(sample[1].Value.Uint64() + sample[2].Value.Uint64())
			if t.saves == 0 {
				t.saveGoal, t.saveHead = 0, 0 // the saves' garbage is collected now
			}
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

// saveHeadroom is how much a background save (BGSAVE, AOF rewrite) may
// allocate before the collector starts, in percent of the memory the
// process holds when it starts.
//
// On a server given one core, a collection running during a save charges
// the writers: the collector's worker takes the processor in bursts of up
// to 10 ms, and the snapshot's copies keep the mark phase long (on 1.1M
// keys, 2-4 s; the writes' p99 went from 1.5 to 16-200 ms). The save's
// own allocation is what brings that collection into it: the first write
// to each trie node after the snapshot copies the node, at 20,000 writes/s
// some 10-15 MB/s, which reaches the collector's trigger whenever the heap
// was anywhere near it. So a save moves the trigger out of its way, to
// saveHeadroom above what the heap holds when the save starts, taking the
// collector's goal at most 1.4 times that above where it would be. The
// raised target stays until the first collection after the last save
// ends, which takes the saves' garbage with the rest, when the snapshot's
// copies are no longer live and the save does not compete with it. A save
// can so add at most about 14% of the process's memory to its resident
// size, in the worst case (Redis's fork can reach all of it); a save that
// allocates more than the headroom is collected during it, as before.
const saveHeadroom = 10

var heldSamples = []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}

// saveStarted raises the growth target for a background save whose
// snapshot was taken with heap bytes of objects in the heap (its
// saveCost's startHeap), and returns the function to call when it ends.
func saveStarted(heapAtSnapshot uint64) (ended func()) {
	s := make([]metrics.Sample, len(heldSamples))
	copy(s, heldSamples)
	metrics.Read(s)
	heap := int64(heapAtSnapshot)
	held := int64(s[0].Value.Uint64() - s[1].Value.Uint64())
	gcTarget.set(func() {
		gcTarget.saves++
		gcTarget.saveGoal = max(gcTarget.saveGoal, saveGoalFor(heap, gcTarget.live, held))
		gcTarget.saveHead = max(gcTarget.saveHead, held*saveHeadroom/100*64/45)
	})
	var once sync.Once
	return func() {
		once.Do(func() { gcTarget.set(func() { gcTarget.saves-- }) })
	}
}

// saveGoalFor is the collector's goal that puts its trigger a tenth of
// held above heap. NB: Go's pacer starts a cycle no later than its goal
// and no earlier than 45/64 (~70%) of the way from the live heap to the
// goal (runtime/mgcpacer.go, minTriggerRatioNum); the earliest trigger is
// what must clear the save.
func saveGoalFor(heap, live, held int64) int64 {
	trigger := heap + held*saveHeadroom/100
	if live <= 0 || trigger <= live {
		return trigger
	}
	return live + (trigger-live)*64/45
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
