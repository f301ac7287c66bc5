package server

import "testing"

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
