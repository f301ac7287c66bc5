package server

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/strata-db/strata/engine"
)

// maxmemory: Redis counts what its allocator holds; Strata counts the Go
// heap's live objects (runtime/metrics), which include garbage not yet
// collected. Keys evicted since the last collection are subtracted by
// their estimated size, so eviction makes progress before the collector
// runs.

const errOOM = "OOM command not allowed when used memory > 'maxmemory'."

var memSamples = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}

type memoryState struct {
	readAt       time.Time
	heapObjects  int64
	gcCycles     uint64
	evictedBytes int64 // estimated bytes evicted since the last GC cycle
	lastCommands int64
}

// usedMemory returns the heap in use, refreshed at most every 10 ms.
// REQUIRES: the engine lock.
func (s *Server) usedMemory() int64 {
	m := &s.mem
	now := time.Now()
	if now.Sub(m.readAt) > 10*time.Millisecond {
		metrics.Read(memSamples)
		m.heapObjects = int64(memSamples[0].Value.Uint64())
		if c := memSamples[1].Value.Uint64(); c != m.gcCycles {
			m.gcCycles, m.evictedBytes = c, 0
		}
		m.readAt = now
	}
	return m.heapObjects - m.evictedBytes
}

// oomDeny evicts keys per maxmemory-policy while memory is over maxmemory
// and returns Redis's OOM error when cmd may grow memory and eviction could
// not make room. REQUIRES: the engine lock.
func (s *Server) oomDeny(cmd *engine.Command) string {
	max := s.hot.maxmemory.Load()
	if max == 0 {
		return ""
	}
	used := s.usedMemory()
	if used <= max {
		return ""
	}
	used = s.evictToLimit(used, max)
	if used > max && cmd.Flags&engine.FlagDenyOOM != 0 {
		return errOOM
	}
	return ""
}

// evictToLimit evicts keys per maxmemory-policy until used is under max or
// nothing is left to evict, and returns the estimated usage.
// REQUIRES: the engine lock.
func (s *Server) evictToLimit(used, max int64) int64 {
	policy := s.cfg.Get("maxmemory-policy")
	samples := int(s.cfg.Int("maxmemory-samples"))
	for used > max {
		freed, ok := s.eng.EvictOne(policy, samples)
		if !ok {
			break
		}
		s.mem.evictedBytes += freed
		used -= freed
	}
	s.afterExpiry()
	return used
}

func (s *Server) applyMaxmemory() {
	max := s.cfg.Int("maxmemory")
	s.hot.maxmemory.Store(max)
	if max > 0 && s.started.Load() {
		// Lowering maxmemory evicts at once, as Redis does in CONFIG SET.
		// REQUIRES here: the engine lock (CONFIG SET runs under it).
		if used := s.usedMemory(); used > max {
			s.evictToLimit(used, max)
		}
	}
	// NB: a Go memory limit far below the live heap would make the
	// collector run without pause; only a realistic maxmemory becomes one.
	if max >= 32<<20 {
		debug.SetMemoryLimit(max + max/4)
	} else {
		debug.SetMemoryLimit(math.MaxInt64)
	}
}
