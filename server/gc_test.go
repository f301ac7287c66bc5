package server

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// An idle server collects when garbage or free pages are worth it, and
// once after the load at start whatever the last collection measured.
func TestIdleCollectDue(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		name                   string
		heap, live, slack      uint64
		afterLoad, wantCollect bool
	}{
		{"nothing measured yet", 10 * mb, 0, 0, false, false},
		{"little garbage", 110 * mb, 100 * mb, 5 * mb, false, false},
		{"garbage", 125 * mb, 100 * mb, 0, false, true},
		{"free pages", 100 * mb, 100 * mb, 12 * mb, false, true},
		// The last collection ran during the load: its live figure counts
		// the load's buffers, so the heap looks clean.
		{"after a load", 160 * mb, 155 * mb, 2 * mb, true, true},
		{"after an empty start", 1 * mb, 0, 0, true, true},
	} {
		if got := idleCollectDue(tc.heap, tc.live, tc.slack, tc.afterLoad); got != tc.wantCollect {
			t.Errorf("%s: collect %v, want %v", tc.name, got, tc.wantCollect)
		}
	}
}

// An idle spell is looked at after 2 s; a second look within one spell
// waits 10 s, a new spell (commands ran since) does not.
func TestIdleSpellDue(t *testing.T) {
	t0 := time.Unix(1000, 0)
	s := time.Second
	for _, tc := range []struct {
		name               string
		now, idle, lastRun time.Duration
		ops, opsAtRun      int64
		want               bool
	}{
		{"idle 1 s", 10 * s, 9 * s, 0, 5, 0, false},
		{"idle 2 s, never ran", 10 * s, 8 * s, -100 * s, 5, 0, true},
		{"same spell, 3 s after the last", 10 * s, 5 * s, 7 * s, 5, 5, false},
		{"same spell, 10 s after the last", 17 * s, 5 * s, 7 * s, 5, 5, true},
		{"new spell, 3 s after the last", 10 * s, 8 * s, 7 * s, 9, 5, true},
	} {
		got := idleSpellDue(t0.Add(tc.now), t0.Add(tc.idle), t0.Add(tc.lastRun), tc.ops, tc.opsAtRun)
		if got != tc.want {
			t.Errorf("%s: due %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Below minHeapGoal of heap the target rises so that the collector waits
// for it; above, strata-gc-percent alone decides.
func TestGCPercentFor(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		configured  int
		live, roots int64
		want        int
	}{
		{50, 0, 0, 50},            // nothing measured yet
		{50, 1 * mb, 0, 400},      // 1 MB live: the runtime's minimum, 4 MB * 4, is the floor
		{50, 4 * mb, 0, 300},      // 4 + 4*3 = 16 MB
		{50, 8 * mb, 0, 100},      // 8 MB live: collect at 16 MB
		{50, 100 * mb, 0, 50},     // big heap: as configured
		{300, 8 * mb, 0, 300},     // configured above the floor
		{50, 1000, 0, 400},        // a tiny heap: the minimum again
		{50, minHeapGoal, 0, 50},  // at the floor
		{50, 1 * mb, 4 * mb, 300}, // the roots are scanned too: 1 + 5*3 = 16 MB
		{50, 8 * mb, 4 * mb, 67},  // 8 + 12*0.67 = 16 MB
		{50, minHeapGoal, 4 * mb, 50},
		{50, 100 * mb, 4 * mb, 50},
	} {
		got := gcPercentFor(tc.configured, tc.live, tc.roots)
		if got != tc.want {
			t.Errorf("gcPercentFor(%d, %d, %d) = %d, want %d", tc.configured, tc.live, tc.roots, got, tc.want)
		}
		if goal := heapGoal(tc.live, tc.roots, got); tc.live > 0 && got > tc.configured &&
			(goal < minHeapGoal || goal > minHeapGoal+(tc.live+tc.roots)/100) {
			t.Errorf("live %d, roots %d: goal %d, want the floor %d", tc.live, tc.roots, goal, minHeapGoal)
		}
	}
}

// collectAndTune collects until the growth target has followed two
// collections (the first may have started before the call).
func collectAndTune(t *testing.T) {
	t.Helper()
	before := gcTarget.tunes.Load()
	for deadline := time.Now().Add(5 * time.Second); gcTarget.tunes.Load() < before+2; {
		if time.Now().After(deadline) {
			t.Fatal("no collection reached the growth target")
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

// The runtime's target follows every collection, and a load's override
// holds until it is lifted.
func TestGrowthTargetFollowsCollections(t *testing.T) {
	current := func() int {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	gcTarget.set(func() { gcTarget.configured = 50 })
	defer gcTarget.set(func() {})
	collectAndTune(t)
	// NB: under the target's lock no collection can move it meanwhile.
	gcTarget.mu.Lock()
	live, roots := gcTarget.live, gcTarget.roots
	want, got := gcPercentFor(50, live, roots), current()
	gcTarget.mu.Unlock()
	if live <= 0 || roots <= 0 {
		t.Fatalf("live heap %d, roots %d after collections", live, roots)
	}
	if got != want {
		t.Fatalf("runtime target %d, want %d for %d bytes live", got, want, live)
	}
	// The runtime's own goal is the floor (this test's heap is small):
	// with the roots left out it was several times that.
	goal := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(goal)
	if g := int64(goal[0].Value.Uint64()); live < minHeapGoal/2 && (g < minHeapGoal*9/10 || g > minHeapGoal*11/10) {
		t.Fatalf("runtime goal %d MB for %d KB live and %d KB of roots, want about %d MB",
			g>>20, live>>10, roots>>10, minHeapGoal>>20)
	}
	restore := withGCPercent(200)
	runtime.GC()
	runtime.GC()
	if got := current(); got != 200 {
		t.Errorf("during a load: target %d, want 200", got)
	}
	restore()
	gcTarget.mu.Lock()
	want, got = gcPercentFor(50, gcTarget.live, gcTarget.roots), current() // measured again during the load
	gcTarget.mu.Unlock()
	if got != want {
		t.Errorf("after the load: target %d, want %d", got, want)
	}
}

// A save moves the collector's earliest trigger (70% of the way from the
// live heap to the goal) to a tenth of the process's memory above the heap
// it starts with, but takes the goal no more than 64/45 of that tenth
// above the usual one; a target that already allows the save changes nothing.
func TestSaveGoal(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		heap, live, held int64
		configured       int
		want             int
		capped           bool
	}{
		{190 * mb, 200 * mb, 300 * mb, 50, 50, false},   // earliest trigger 270 MB, the save needs 220
		{250 * mb, 200 * mb, 300 * mb, 50, 57, false},   // needs 280: goal 314 MB
		{265 * mb, 200 * mb, 300 * mb, 50, 68, false},   // needs 295: goal 336 MB
		{310 * mb, 200 * mb, 300 * mb, 50, 72, true},    // past the trigger: goal 343 MB, no more
		{9 * mb, 8 * mb, 20 * mb, 50, 100, false},       // small heap: the 16 MB floor decides
		{100 * mb, 0, 150 * mb, 50, 50, false},          // nothing measured yet
		{400 * mb, 200 * mb, 500 * mb, 300, 300, false}, // configured well above
	} {
		got := targetPercent(tc.configured, tc.live, 0, saveGoalFor(tc.heap, tc.live, tc.held), tc.held/10*64/45)
		if got != tc.want {
			t.Errorf("heap %d MB, live %d MB, held %d MB, configured %d: target %d, want %d",
				tc.heap/mb, tc.live/mb, tc.held/mb, tc.configured, got, tc.want)
		}
		// The earliest trigger the runtime may pick clears the save.
		if tc.live > 0 && !tc.capped {
			goal := tc.live * int64(100+got) / 100
			if earliest := tc.live + (goal-tc.live)*45/64; earliest < tc.heap+tc.held/10-mb {
				t.Errorf("heap %d MB, live %d MB: earliest trigger %d MB", tc.heap/mb, tc.live/mb, earliest/mb)
			}
		}
	}
}

// Saves back to back cannot raise the goal more than about 14% of the
// process's memory above the usual one, however far each asks.
func TestSaveGoalBounded(t *testing.T) {
	const mb = 1 << 20
	live, held := int64(200*mb), int64(300*mb)
	goal := int64(0)
	for heap := int64(290 * mb); heap < 2000*mb; heap += 30 * mb {
		goal = max(goal, saveGoalFor(heap, live, held))
	}
	// Usual goal 300 MB, plus 42 MB.
	if got := targetPercent(50, live, 0, goal, held/10*64/45); got != 72 {
		t.Fatalf("target %d after saves asking for a %d MB goal, want 72", got, goal/mb)
	}
}

// The raised goal holds while saves run and until the first collection
// after the last one ends.
func TestSaveGoalLastsUntilCollectionAfterSaves(t *testing.T) {
	gcTarget.set(func() { gcTarget.configured = 50 })
	defer gcTarget.set(func() {})
	state := func() (int, int64) {
		gcTarget.mu.Lock()
		defer gcTarget.mu.Unlock()
		return gcTarget.saves, gcTarget.saveGoal
	}
	collect := func() { collectAndTune(t) }
	// NB: a save of an earlier test's server may still be ending.
	waitFor(t, func() bool { n, _ := state(); return n == 0 })
	collect() // the live heap is known
	end1 := saveStarted(heapObjectsBytes())
	end2 := saveStarted(heapObjectsBytes())
	if n, goal := state(); n != 2 || goal <= 0 {
		t.Fatalf("two saves running: saves %d, goal %d", n, goal)
	}
	end1()
	end1() // a second call changes nothing
	collect()
	if n, goal := state(); n != 1 || goal <= 0 {
		t.Fatalf("one save running after a collection: saves %d, goal %d", n, goal)
	}
	end2()
	if n, goal := state(); n != 0 || goal <= 0 {
		t.Fatalf("saves ended, not collected yet: saves %d, goal %d", n, goal)
	}
	collect()
	if n, goal := state(); n != 0 || goal != 0 {
		t.Fatalf("collected after the saves: saves %d, goal %d", n, goal)
	}
}

// BGSAVE and BGREWRITEAOF hold the raised target while they run and give
// it back when they end, failed or not.
func TestBackgroundSavesHoldSaveGoal(t *testing.T) {
	saves := func() int {
		gcTarget.mu.Lock()
		defer gcTarget.mu.Unlock()
		return gcTarget.saves
	}
	waitFor(t, func() bool { return saves() == 0 }) // an earlier test's save may be ending
	s := startServer(t, "--appendonly", "yes")
	c := dial(t, s)
	fillAllTypes(c)
	release := make(chan struct{})
	s.setRDBFS(blockingFS{FS: vfs.Default, release: release})
	c.expect("Background saving started", "BGSAVE")
	if n := saves(); n != 1 {
		t.Fatalf("%d saves counted during BGSAVE", n)
	}
	close(release)
	c.waitBgsave()
	c.expect("Background append only file rewriting started", "BGREWRITEAOF")
	waitRewrite(t, c)
	s.setRDBFS(failingFS{vfs.Default})
	c.expect("Background saving started", "BGSAVE")
	c.waitBgsave()
	waitFor(t, func() bool { return saves() == 0 })
}
