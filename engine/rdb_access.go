package engine

import "github.com/strata-db/strata/internal/pmap"

// Loaders (RDB files, DUMP payloads) build values outside any command and
// store them with their own access metadata. These accessors are what they
// need beyond the collection constructors.

// LoadKey stores v under key as a loader does: no effect is logged, no
// keyspace event is sent, and v's access metadata is kept as given (Set
// would stamp the current time; see Engine.LoadedAccess). It reports
// whether key was new. NB: a key that already existed is replaced either
// way (one trie walk instead of two on the load path); a loader that
// refuses duplicates treats false as an error and abandons the load.
// REQUIRES: the lock.
func (db *DB) LoadKey(key string, v Value) (added bool) {
	added = db.keys.Set(db.e.gen, key, v)
	if v.exp != 0 {
		db.volatile[key] = struct{}{}
	} else {
		delete(db.volatile, key)
	}
	db.e.touchWatched(db.id, key)
	return added
}

// LoadedKey is a key and its value as a loader hands them over in bulk.
type LoadedKey = pmap.Entry[Value]

// LoadKeys stores keys as LoadKey does, all at once: into an empty
// database the trie is built in one pass (pmap.Map.Build), several times
// faster than storing keys one by one. It returns the index of a key that
// was already present or repeats an earlier one in keys (nothing is stored
// then if the database was empty), or -1. REQUIRES: the lock.
func (db *DB) LoadKeys(keys []LoadedKey) int {
	if db.keys.Len() != 0 {
		dup := -1
		for i := range keys {
			if !db.LoadKey(keys[i].Key, keys[i].Val) && dup < 0 {
				dup = i
			}
		}
		return dup
	}
	if dup := db.keys.Build(db.e.gen, keys); dup >= 0 {
		return dup
	}
	for i := range keys {
		if keys[i].Val.exp != 0 {
			db.volatile[keys[i].Key] = struct{}{}
		}
		db.e.touchWatched(db.id, keys[i].Key)
	}
	return -1
}

// LoadedAccess sets v's access metadata the way Redis sets it on a value
// it loads or restores: with an LFU policy the counter freq when given
// (>= 0); otherwise, when idleSec >= 0, an access time idleSec seconds
// ago; else now. REQUIRES: the lock (it reads the eviction policy).
func (e *Engine) LoadedAccess(v *Value, idleSec int64, freq int) {
	e.LoadedAccessAt(v, idleSec, freq, e.Now())
}

// LoadedAccessAt is LoadedAccess with the current time given in unix
// milliseconds, for loaders that read the clock once per batch of keys.
func (e *Engine) LoadedAccessAt(v *Value, idleSec int64, freq int, nowMs int64) {
	now := uint32(nowMs/1000) & (1<<24 - 1)
	v.lru = now
	switch {
	case e.opts.Config.LFU():
		if freq >= 0 {
			v.freq = uint8(min(freq, 255))
		}
	case idleSec >= 0:
		v.lru = lruBefore(now, idleSec)
	}
}

// lruBefore is the 24-bit access clock idleSec seconds before now,
// wrapping as the clock does.
func lruBefore(now uint32, idleSec int64) uint32 {
	const clockMax = 1<<24 - 1
	abs := int64(now) - idleSec
	for abs < 0 {
		abs += clockMax
	}
	return uint32(abs) & clockMax
}

// IdleSecondsAt returns how long before the unix time nowMs v was last
// accessed, on the 24-bit clock OBJECT IDLETIME uses. Snapshot writers
// use it with Snapshot.Now.
func IdleSecondsAt(v *Value, nowMs int64) int64 {
	now := uint32(nowMs/1000) & (1<<24 - 1)
	if now >= v.lru {
		return int64(now - v.lru)
	}
	return int64(now + (1<<24 - v.lru))
}
