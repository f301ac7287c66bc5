package server

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
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

// Below minHeapGoal of heap the target rises so that the collector waits
// for it; above, strata-gc-percent alone decides.
func TestGCPercentFor(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		configured int
		live       int64
		want       int
	}{
		{50, 0, 50},           // nothing measured yet
		{50, 1 * mb, 1500},    // 1 MB live: collect at 16 MB
		{50, 8 * mb, 100},     // 8 MB live: collect at 16 MB
		{50, 100 * mb, 50},    // big heap: as configured
		{300, 8 * mb, 300},    // configured above the floor
		{50, 1000, 10000},     // bounded
		{50, minHeapGoal, 50}, // at the floor
	} {
		if got := gcPercentFor(tc.configured, tc.live); got != tc.want {
			t.Errorf("gcPercentFor(%d, %d) = %d, want %d", tc.configured, tc.live, got, tc.want)
		}
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
	before := gcTarget.tunes.Load()
	for deadline := time.Now().Add(5 * time.Second); gcTarget.tunes.Load() < before+2; {
		if time.Now().After(deadline) {
			t.Fatal("no collection reached the growth target")
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	// NB: under the target's lock no collection can move it meanwhile.
	gcTarget.mu.Lock()
	live := gcTarget.live
	want, got := gcPercentFor(50, live), current()
	gcTarget.mu.Unlock()
	if live <= 0 {
		t.Fatalf("live heap %d after collections", live)
	}
	if got != want {
		t.Fatalf("runtime target %d, want %d for %d bytes live", got, want, live)
	}
	restore := withGCPercent(200)
	runtime.GC()
	runtime.GC()
	if got := current(); got != 200 {
		t.Errorf("during a load: target %d, want 200", got)
	}
	restore()
	gcTarget.mu.Lock()
	want, got = gcPercentFor(50, gcTarget.live), current() // measured again during the load
	gcTarget.mu.Unlock()
	if got != want {
		t.Errorf("after the load: target %d, want %d", got, want)
	}
}
