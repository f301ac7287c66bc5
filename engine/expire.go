package engine

import "time"

// lruClock is Redis's 24-bit seconds clock used for OBJECT IDLETIME.
func (e *Engine) lruClock() uint32 { return uint32(e.Now()/1000) & (1<<24 - 1) }

// IdleSeconds returns how long ago v was last accessed.
func (e *Engine) IdleSeconds(v *Value) int64 {
	now := e.lruClock()
	if now >= v.lru {
		return int64(now - v.lru)
	}
	return int64(now + (1<<24 - v.lru))
}

// SetLoading switches the engine into (or out of) load mode: while a log is
// replayed, keys are not expired and effects are not kept.
func (e *Engine) SetLoading(on bool) { e.loading = on }

// Loading reports whether the engine is replaying a log.
func (e *Engine) Loading() bool { return e.loading }

// SetNoTouch makes reads leave access times alone (CLIENT NO-TOUCH, and
// OBJECT/DEBUG lookups). REQUIRES: the lock.
func (e *Engine) SetNoTouch(on bool) { e.noTouch = on }

const (
	expireKeysPerLoop     = 20
	expireAcceptableStale = 10 // percent
	expireSlowTimePercent = 25
)

// ActiveExpireCycle samples volatile keys and deletes expired ones, like
// Redis's activeExpireCycle: per database it loops while more than
// acceptable-stale percent of a sample was expired, within a CPU budget of
// about 25% of the period between calls (hz). It returns the keys expired.
// REQUIRES: the lock.
func (e *Engine) ActiveExpireCycle(hz int) int {
	cfg := e.opts.Config
	if !cfg.ActiveExpire || e.loading || e.Now() < e.expiryPausedUntil {
		return 0
	}
	if hz <= 0 {
		hz = 10
	}
	effort := cfg.ActiveExpireEffort - 1
	perLoop := expireKeysPerLoop + expireKeysPerLoop/4*int(effort)
	acceptable := expireAcceptableStale - int(effort)
	budget := time.Second * time.Duration(expireSlowTimePercent+2*int(effort)) / 100 / time.Duration(hz)
	start := time.Now()
	total := 0
	for _, db := range e.dbs {
		for len(db.volatile) > 0 {
			sampled, expired := 0, 0
			now := e.Now()
			var due []string
			for key := range db.volatile {
				if sampled >= perLoop {
					break
				}
				sampled++
				if v := db.keys.Get(key); v != nil && db.expired(v, now) {
					due = append(due, key)
				}
			}
			for _, key := range due {
				db.deleteExpired(key)
				expired++
			}
			total += expired
			if expired*100 <= sampled*acceptable || time.Since(start) > budget {
				break
			}
		}
		if time.Since(start) > budget {
			break
		}
	}
	e.stats.ExpireCycleCPUMs += time.Since(start).Milliseconds()
	return total
}
