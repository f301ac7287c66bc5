package server

import (
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/aof"
	"github.com/strata-db/strata/internal/uring"
	"github.com/strata-db/strata/wal"
)

// aofState is the AOF side's bookkeeping. Fields are guarded by the engine
// lock except epoch (atomic: waitDurable runs without the lock) and what a
// running rewrite shares through its job.
//
// NB: it lives in a side table keyed by the server, like rdbState, so the
// AOF side stays within its own files.
type aofState struct {
	fs vfs.FS
	fp wal.Failpoints // DEBUG failpoints; used by every Writer
	// crashAt is the armed DEBUG AOF-CRASH-AT point, nil if none.
	crashAt atomic.Pointer[string]

	on     bool // the log is open (Redis: aof_state == AOF_ON)
	dir    *aof.Dir
	enc    *aof.Encoder
	buf    []byte // encoded effects not yet handed to the writer
	bufLSN uint64 // the highest LSN in buf
	// handOffArmed: a timer will hand buf over (aofHandOffLocked).
	handOffArmed bool
	// handedLSN is the highest LSN given to the writer (atomic: read by
	// waitDurable without the lock).
	handedLSN atomic.Uint64
	policy    wal.Policy
	epoch     atomic.Pointer[aofEpoch]

	// failure (DESIGN invariant 7): the error that stopped the log; writes
	// are refused until a fresh base is installed.
	failed       error
	epochFailed  bool // the current epoch's writer is the failed one
	lastWriteErr error
	lastRetry    time.Time

	rw              *rewriteJob
	scheduled       bool
	lastRewriteOK   bool
	rewrites        int64
	consecFailures  int64
	lastRewriteSecs int64
	lastCowBytes    int64 // aof_last_cow_size: what the last rewrite added to the heap
	baseSize        int64 // aof_base_size: the dataset's size at the last rewrite
	currentSize     int64 // aof_current_size: base plus incr files
	shutdownDone    bool
}

// aofEpoch is one wal.Writer's life. LSNs at or below floor are durable
// whatever the writer says (they are in an installed base). ready is closed
// once the writer may acknowledge: at once for a healthy log, after the
// fresh base is installed for a writer opened to recover from a failure.
type aofEpoch struct {
	w     *wal.Writer
	floor uint64
	ready chan struct{}
	// always: replies wait for fsync (appendfsync always); otherwise for
	// the write only. Fixed for the epoch: a policy change opens a new one.
	always bool
}

// aofSt returns the server's AOF state, creating it on first use.
func (s *Server) aofSt() *aofState {
	if st := s.aofStP.Load(); st != nil {
		return st
	}
	fs := s.fs
	if fs == nil {
		fs = uring.FS(vfs.Default) // syncs that leave the processor free
	}
	s.aofStP.CompareAndSwap(nil, &aofState{fs: fs, lastRewriteOK: true, lastRewriteSecs: -1})
	return s.aofStP.Load()
}

func readyNow() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}
