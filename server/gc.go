package server

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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
	debug.SetGCPercent(int(s.cfg.Int("strata-gc-percent")))
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
