// Package crashtest takes power-failure snapshots of a crashable memory
// filesystem at a chosen file operation, for crash-at-every-point tests.
//
// Usage: wrap a vfs.NewCrashableMem in a Recorder that crashes at the k-th
// mutating operation, run a workload through Recorder.FS, and once it is
// done, recover from Recorder.Clone(). A workload records an acknowledgement
// only if Crashed() was still false after the acknowledgement: such an
// acknowledgement happened before the crash, so the clone must hold it.
package crashtest

import (
	"sync"
	"sync/atomic"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
)

// Recorder counts the mutating operations made through FS and takes one
// crash clone just before operation number At (0-based) runs.
type Recorder struct {
	Mem *vfs.MemFS
	FS  vfs.FS

	at      int64
	cfg     vfs.CrashCloneCfg
	ops     atomic.Int64
	crashed atomic.Bool
	mu      sync.Mutex
	clone   *vfs.MemFS
}

// New returns a Recorder over a fresh crashable MemFS. at < 0 never crashes
// (use it to count the operations of a workload).
func New(at int, cfg vfs.CrashCloneCfg) *Recorder {
	r := &Recorder{Mem: vfs.NewCrashableMem(), at: int64(at), cfg: cfg}
	r.FS = errorfs.Wrap(r.Mem, errorfs.InjectorFunc(r.observe))
	return r
}

func (r *Recorder) observe(op errorfs.Op) error {
	if !mutating(op.Kind) {
		return nil
	}
	if r.ops.Add(1)-1 == r.at {
		// NB: the flag goes up before the clone is taken, so a workload
		// that sees it down after an acknowledgement knows the clone is
		// later than that acknowledgement.
		r.crashed.Store(true)
		r.mu.Lock()
		r.clone = r.Mem.CrashClone(r.cfg)
		r.mu.Unlock()
	}
	return nil
}

func mutating(k errorfs.OpKind) bool {
	switch k {
	case errorfs.OpCreate, errorfs.OpRemove, errorfs.OpRemoveAll, errorfs.OpRename,
		errorfs.OpMkdirAll, errorfs.OpLink, errorfs.OpReuseForWrite,
		errorfs.OpFileWrite, errorfs.OpFileWriteAt, errorfs.OpFileSync,
		errorfs.OpFileSyncData, errorfs.OpFileSyncTo:
		return true
	}
	return false
}

// Ops is the number of mutating operations seen so far.
func (r *Recorder) Ops() int { return int(r.ops.Load()) }

// Crashed reports whether the crash point has been reached.
func (r *Recorder) Crashed() bool { return r.crashed.Load() }

// Clone returns the filesystem as it was at the crash point, or nil if the
// workload never reached it.
func (r *Recorder) Clone() *vfs.MemFS {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.clone
}
