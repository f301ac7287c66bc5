package engine

import (
	"strings"

	"github.com/strata-db/strata/internal/pmap"
)

// DB is one numbered database.
type DB struct {
	e    *Engine
	id   int
	keys pmap.Map[Value]
	// volatile holds the keys that have an expiry, so the active expiry
	// cycle samples only those. Not part of snapshots: the expiry itself
	// lives in the Value.
	volatile map[string]struct{}
	// streamWaits holds keys XREADGROUP clients blocked on, so that
	// overwriting or flushing such a stream wakes them (hook: streams).
	// An entry may be stale; it then costs one lookup.
	streamWaits map[string]struct{}
}

func newDB(e *Engine, id int) *DB {
	return &DB{e: e, id: id, volatile: map[string]struct{}{}}
}

// ID returns the database number.
func (db *DB) ID() int { return db.id }

// Len returns the number of keys, including logically expired ones not yet
// reclaimed (as Redis's DBSIZE does).
func (db *DB) Len() int { return db.keys.Len() }

// Expires returns how many keys carry an expiry.
func (db *DB) Expires() int { return len(db.volatile) }

func (db *DB) expired(v *Value, now int64) bool { return v.exp != 0 && v.exp <= now }

// Peek returns key's value without expiring it or touching access data.
func (db *DB) Peek(key string) *Value { return db.keys.Get(key) }

// expireIfNeeded deletes key when it is logically expired and logs the
// deletion. It reports whether the key is gone.
func (db *DB) expireIfNeeded(key string, v *Value, now int64) bool {
	if !db.expired(v, now) {
		return false
	}
	if db.e.loading {
		// While loading a log the data is replayed as it was; expiries are
		// decided later by the live server, as Redis does.
		return false
	}
	if now < db.e.expiryPausedUntil {
		return true // expired for the reader; deleted after the pause
	}
	db.deleteExpired(key)
	return true
}

func (db *DB) deleteExpired(key string) {
	k := key // the key's storage outlives the delete below
	db.delete(k)
	db.e.stats.ExpiredKeys++
	del := "DEL"
	if db.e.opts.Config.LazyfreeLazyExpire {
		del = "UNLINK"
	}
	db.e.emit(db.id, []byte(del), []byte(k))
	db.e.notify(db.id, NotifyExpired, "expired", k)
}

// Lookup returns key's live value for reading, or nil. It expires the key if
// due and records the access.
func (db *DB) Lookup(key string) *Value {
	v, owned := db.keys.Ref(db.e.gen, key)
	if v == nil || db.expireIfNeeded(key, v, db.e.Now()) {
		db.e.stats.KeyspaceMisses++
		// Hook (notifications): a read miss, as Redis's lookupKey.
		db.e.notify(db.id, NotifyKeyMiss, "keymiss", key)
		return nil
	}
	db.e.stats.KeyspaceHits++
	if owned && !db.e.noTouch {
		v.lru = db.e.lruClock()
	}
	return v
}

// Exists reports whether key is live, expiring it if due, without counting
// a hit or miss or touching access data.
func (db *DB) Exists(key string) bool {
	v := db.keys.Get(key)
	return v != nil && !db.expireIfNeeded(key, v, db.e.Now())
}

// LookupWrite returns key's live value for changing in place, or nil.
// Collections reached this way must still be made owned (Own) before change.
func (db *DB) LookupWrite(key string) *Value {
	v, owned := db.keys.Ref(db.e.gen, key)
	if v == nil || db.expireIfNeeded(key, v, db.e.Now()) {
		return nil
	}
	if !owned {
		// NB: only a key last changed before a snapshot needs its path
		// copied; one the writer owns is changed where it is.
		v = db.keys.MutPresent(db.e.gen, key)
	}
	v.lru = db.e.lruClock()
	return v
}

// MutableObject returns key's collection made owned by the current
// generation and stored back, ready to change in place; nil if absent.
func (db *DB) MutableObject(key string) Object {
	v := db.LookupWrite(key)
	if v == nil || v.Obj() == nil {
		return nil
	}
	v.setObj(v.Obj().Own(db.e.gen))
	return v.Obj()
}

// Set stores v under key, replacing any value. The expiry in v is kept.
func (db *DB) Set(key string, v Value) { db.set(key, v, false) }

// SetBorrowed is Set for a key that aliases the request (Ctx.Str): the
// keyspace copies the name only when the key is new, so overwriting a
// string makes no garbage for its name. The hooks copy what they keep; a
// value with an expiry takes a copy at once, since the set of volatile
// keys keeps the name too.
func (db *DB) SetBorrowed(key string, v Value) {
	if v.exp != 0 {
		key = strings.Clone(key)
	}
	db.set(key, v, v.exp == 0)
}

func (db *DB) set(key string, v Value, borrowed bool) {
	if len(db.streamWaits) > 0 {
		db.streamGone(key) // hook (streams)
	}
	v.lru = db.e.lruClock()
	var added bool
	if borrowed {
		added = db.keys.SetBorrowed(db.e.gen, key, v)
	} else {
		added = db.keys.Set(db.e.gen, key, v)
	}
	if added {
		// Hook (notifications): a key created, as Redis's dbAdd.
		db.e.notify(db.id, NotifyNew, "new", key)
	}
	if v.exp != 0 {
		db.volatile[key] = struct{}{}
	} else {
		delete(db.volatile, key)
	}
	db.e.touchWatched(db.id, key)
	if db.e.opts.KeyReady != nil && v.Obj() != nil {
		// Hook (blocking): a list, sorted set or stream that arrives by
		// any command (RENAME, MOVE, COPY, SORT STORE, RESTORE...) may
		// serve blocked clients, as Redis's dbAdd signals.
		switch v.Type() {
		case TypeList, TypeZSet, TypeStream:
			db.e.opts.KeyReady(db.id, key)
		}
	}
}

// SetKeepTTL stores v under key, keeping the current expiry if any.
func (db *DB) SetKeepTTL(key string, v Value) {
	if old := db.keys.Get(key); old != nil {
		v.exp = old.exp
	}
	db.Set(key, v)
}

// OverwriteString replaces the string v, which LookupWrite(key) just
// returned, with s where it is: the expiry stays, and the keyspace is
// walked once instead of three times (Get, Set) for INCR and friends.
// REQUIRES: no change to db since that LookupWrite.
func (db *DB) OverwriteString(key string, v *Value, s string) {
	v.setStr(s)
	v.raw = false
	db.e.touchWatched(db.id, key)
}

// Delete removes key and reports whether it existed (live).
func (db *DB) Delete(key string) bool {
	v := db.keys.Get(key)
	if v == nil || db.expireIfNeeded(key, v, db.e.Now()) {
		return false
	}
	db.delete(key)
	return true
}

func (db *DB) delete(key string) {
	old, ok := db.keys.Delete(db.e.gen, key)
	if ok {
		db.e.freedBytes += roughSize(key, &old)
	}
	if ok && old.Type() == TypeStream && db.e.opts.KeyReady != nil {
		// Hook (streams): wake XREADGROUP clients so they learn the key went.
		db.e.opts.KeyReady(db.id, key)
	}
	delete(db.volatile, key)
	db.e.touchWatched(db.id, key)
}

// SetExpire sets key's absolute expiry (0 removes it). REQUIRES: key live.
func (db *DB) SetExpire(key string, ms int64) {
	v := db.keys.Mut(db.e.gen, key)
	v.exp = ms
	if ms != 0 {
		if _, ok := db.volatile[key]; !ok {
			// NB: key may alias a request buffer; the map keeps a copy.
			db.volatile[strings.Clone(key)] = struct{}{}
		}
	} else {
		delete(db.volatile, key)
	}
	db.e.touchWatched(db.id, key)
}

// Touched marks key as modified for WATCH after an in-place change.
func (db *DB) Touched(key string) { db.e.touchWatched(db.id, key) }

// Flush removes every key.
func (db *DB) Flush() {
	db.e.touchWatchedDB(db, nil)
	db.e.freedBytes += int64(db.keys.Len()) * 96
	for key := range db.streamWaits {
		db.streamGone(key) // hook (streams)
	}
	db.keys = pmap.Map[Value]{}
	db.volatile = map[string]struct{}{}
}

// Swap exchanges the contents of db and other (SWAPDB).
func (db *DB) Swap(other *DB) {
	db.e.touchWatchedDB(db, other)
	db.e.touchWatchedDB(other, db)
	db.keys, other.keys = other.keys, db.keys
	db.volatile, other.volatile = other.volatile, db.volatile
}

// Scan iterates live keys from cursor; see pmap.Map.Scan.
func (db *DB) Scan(cursor uint64, count int, fn func(key string, v *Value)) uint64 {
	return db.keys.Scan(cursor, count, fn)
}

// Range calls fn for every key (live or not) until it returns false.
func (db *DB) Range(fn func(key string, v *Value) bool) { db.keys.Range(fn) }

// RandomKey returns a random live key, or "" when the database is empty.
func (db *DB) RandomKey() (string, bool) {
	now := db.e.Now()
	for tries := 0; tries < 100 && db.keys.Len() > 0; tries++ {
		key, _, found := db.keys.Random(randIntN)
		if !found {
			return "", false
		}
		v := db.keys.Get(key)
		if !db.expired(v, now) {
			return key, true
		}
		if tries > 50 && len(db.volatile) == db.keys.Len() {
			// Every key is volatile and we keep hitting expired ones:
			// answer with one, as Redis does, rather than loop forever.
			return key, true
		}
		db.deleteExpired(key)
	}
	return "", false
}

// roughSize is an O(1) estimate of what deleting a value frees, for the
// server's decision to collect garbage in the background (lazy free).
func roughSize(key string, v *Value) int64 {
	if v.Obj() != nil {
		return int64(len(key)) + 48 + int64(v.Obj().Len())*48
	}
	return int64(len(key)+v.n) + 48
}

// FreedBytes is the running estimate of memory released by deletions.
func (e *Engine) FreedBytes() int64 { return e.freedBytes }

// DBView is a frozen view of one database (see Engine.Snapshot).
type DBView struct {
	ID   int
	keys pmap.Map[Value]
	// expires is how many keys carried an expiry when the view was taken
	// (the RDB writer's RESIZEDB hint; counting them later would walk
	// every key).
	expires int
}

// Expires returns how many keys of the view carry an expiry.
func (v *DBView) Expires() int { return v.expires }

// Len returns the number of keys in the view.
func (v *DBView) Len() int { return v.keys.Len() }

// Range calls fn for every key in the view until fn returns false. The
// value must not be modified.
func (v *DBView) Range(fn func(key string, val *Value) bool) { v.keys.Range(fn) }

// Get returns key's value in the view, or nil.
func (v *DBView) Get(key string) *Value { return v.keys.Get(key) }

// Expired reports whether v is logically expired now (it may still be in
// the keyspace until a lookup or the active cycle removes it).
func (db *DB) Expired(v *Value) bool { return db.expired(v, db.e.Now()) }
