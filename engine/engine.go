package engine

import (
	"sync"
	"time"
)

// Options configure an Engine. The zero value is usable.
type Options struct {
	// Databases is the number of databases; default 16.
	Databases int
	// Now is the clock; default a cheaper equivalent of time.Now (see
	// clock.go). Tests inject their own.
	Now func() time.Time
	// Notify, if set, receives keyspace events (see notify.go); it runs
	// under the writer order.
	Notify func(db int, class NotifyClass, event string, key string)
	// KeyReady, if set, is told when a key that blocked clients may wait for
	// receives data (a list push, a zadd, a stream add); it runs under the
	// writer order.
	KeyReady func(db int, key string)
	// Config supplies the encoding thresholds and other tunables.
	Config *Config
}

// Engine is the keyspace plus its writer order.
type Engine struct {
	mu   sync.Mutex
	opts Options
	dbs  []*DB
	// gen is the writer's generation: nodes with this generation may be
	// changed in place. Snapshot moves it forward.
	gen uint64

	lsn     uint64
	effects []Effect
	arena   []byte // RESP bytes of the pending effects
	noLog   bool   // effects are not recorded (nothing consumes them)
	// freedBytes estimates memory released by deletions (see FreedBytes).
	freedBytes int64

	watchers map[watchKey][]*Watcher

	// dur tracks undurable writes per key (durability.go); nil when off.
	dur *durability

	loading bool // replaying a log: no expiry, no effects kept
	// expiryPausedUntil (unix ms): during a CLIENT PAUSE keys past their
	// expiry read as absent but are not deleted, by lookups or the active
	// cycle, as Redis does (a deletion is a write the pause holds back).
	expiryPausedUntil int64
	// cmdNow is the running command's clock (unix ms), 0 between commands.
	cmdNow   int64
	cmdStart time.Time
	// endRead is the clock read that ended the last command (ExecDone);
	// the next command under the same hold of the lock starts from it
	// instead of reading the clock again. Unlock forgets it.
	endRead  time.Time
	haveRead bool
	noTouch  bool // reads leave access times alone

	// Dirty counts changes since the last successful save (Redis's
	// server.dirty); the server resets it after a save.
	Dirty int64
	stats Stats
}

// Stats are counters INFO reports.
type Stats struct {
	ExpiredKeys      int64
	ExpiredStaleKeys int64
	KeyspaceHits     int64
	KeyspaceMisses   int64
	ExpireCycleCPUMs int64
	EvictedKeys      int64
	// LazyfreedObjects counts values UNLINK released whose freeing Redis
	// would hand to its background thread (lazyFreeEffort above 64).
	LazyfreedObjects int64
}

// New returns an empty engine.
func New(opts Options) *Engine {
	if opts.Databases <= 0 {
		opts.Databases = 16
	}
	if opts.Now == nil {
		opts.Now = newClock().now
	}
	if opts.Config == nil {
		opts.Config = DefaultConfig()
	}
	e := &Engine{opts: opts, gen: 1, watchers: map[watchKey][]*Watcher{}}
	e.dbs = make([]*DB, opts.Databases)
	for i := range e.dbs {
		e.dbs[i] = newDB(e, i)
	}
	return e
}

// Lock enters the writer order. Every call into the engine except
// Snapshot readers must hold it.
func (e *Engine) Lock() { e.mu.Lock() }

// Unlock leaves the writer order.
func (e *Engine) Unlock() {
	e.haveRead = false
	e.mu.Unlock()
}

// Config returns the engine's tunables. REQUIRES: the lock, to change them.
func (e *Engine) Config() *Config { return e.opts.Config }

// Now returns the engine clock in unix milliseconds. Inside a command it
// is the time the command started, read once (as Redis's command time
// snapshot): every expiry decision of one command sees the same instant,
// and the clock is not read again for every key.
func (e *Engine) Now() int64 {
	if e.cmdNow != 0 {
		return e.cmdNow
	}
	return e.opts.Now().UnixMilli()
}

// ExecStart returns when the running or last command started.
func (e *Engine) ExecStart() time.Time { return e.cmdStart }

// ExecDone returns how long the last command ran. Its clock read also
// starts the next command run under this hold of the lock: in a pipeline
// the end of one command is the start of the next, give or take the
// parsing between them. REQUIRES: the lock.
func (e *Engine) ExecDone() time.Duration {
	end := e.opts.Now()
	e.endRead, e.haveRead = end, true
	return end.Sub(e.cmdStart)
}

// NumDBs returns the number of databases.
func (e *Engine) NumDBs() int { return len(e.dbs) }

// DB returns database i.
func (e *Engine) DB(i int) *DB { return e.dbs[i] }

// Gen returns the writer's current generation.
func (e *Engine) Gen() uint64 { return e.gen }

// Stats returns a copy of the counters.
func (e *Engine) Stats() Stats { return e.stats }

// ResetStats zeroes the counters (CONFIG RESETSTAT).
func (e *Engine) ResetStats() { e.stats = Stats{} }

// LSN returns the sequence number of the last effect produced.
func (e *Engine) LSN() uint64 { return e.lsn }

// SetLSN sets the sequence number the next effect continues from (used when
// recovery has replayed a log).
func (e *Engine) SetLSN(lsn uint64) { e.lsn = lsn }

// Snapshot is a frozen view of every database.
type Snapshot struct {
	DBs []DBView
	// LSN is the last effect the snapshot includes.
	LSN uint64
	// Now is the engine time when the snapshot was taken (unix ms).
	Now int64
}

// Snapshot takes an O(1) frozen view of the keyspace. The view may be read
// by any goroutine, without the lock, while writes go on.
// REQUIRES: the lock.
func (e *Engine) Snapshot() *Snapshot {
	s := &Snapshot{DBs: make([]DBView, len(e.dbs)), LSN: e.lsn, Now: e.Now()}
	for i, db := range e.dbs {
		s.DBs[i] = DBView{ID: i, keys: db.keys, expires: len(db.volatile)}
	}
	// NB: moving the generation is what freezes the view: every node that
	// exists now belongs to an older generation and will be copied before
	// the writer changes it.
	e.gen++
	return s
}

// PauseExpiry stops expiry deletions until untilMs (unix ms; 0 resumes).
// REQUIRES: the lock.
func (e *Engine) PauseExpiry(untilMs int64) { e.expiryPausedUntil = untilMs }
