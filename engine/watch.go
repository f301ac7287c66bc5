package engine

type watchKey struct {
	db  int
	key string
}

// Watcher is one client's set of WATCHed keys. Dirty becomes true when any
// of them is touched; EXEC then aborts.
type Watcher struct {
	Dirty bool
	keys  []watchedKey
}

type watchedKey struct {
	watchKey
	// expired records that the key was already logically expired when
	// WATCHed: its later deletion is then no change (Redis 7.0 semantics).
	expired bool
}

// Watch adds key in db to w. REQUIRES: the lock.
func (e *Engine) Watch(w *Watcher, db int, key string) {
	wk := watchKey{db, key}
	for _, k := range w.keys {
		if k.watchKey == wk {
			return
		}
	}
	v := e.dbs[db].keys.Get(key)
	w.keys = append(w.keys, watchedKey{wk, v != nil && e.dbs[db].expired(v, e.Now())})
	e.watchers[wk] = append(e.watchers[wk], w)
}

// Unwatch forgets every key of w and clears Dirty. REQUIRES: the lock.
func (e *Engine) Unwatch(w *Watcher) {
	for _, k := range w.keys {
		list := e.watchers[k.watchKey]
		for i, x := range list {
			if x == w {
				list = append(list[:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(e.watchers, k.watchKey)
		} else {
			e.watchers[k.watchKey] = list
		}
	}
	w.keys = nil
	w.Dirty = false
}

// Watching reports whether w watches any key.
func (w *Watcher) Watching() bool { return len(w.keys) > 0 }

// WatchedKeyExpired reports whether a key of w, live when WATCHed, has
// logically expired since: EXEC must then fail, as in Redis 7.0.
func (e *Engine) WatchedKeyExpired(w *Watcher) bool {
	now := e.Now()
	for _, k := range w.keys {
		if k.expired {
			continue
		}
		if v := e.dbs[k.db].keys.Get(k.key); v != nil && e.dbs[k.db].expired(v, now) {
			return true
		}
	}
	return false
}

func (e *Engine) touchWatched(db int, key string) {
	e.noteKeyChange(db, key)
	if len(e.watchers) == 0 {
		return
	}
	list := e.watchers[watchKey{db, key}]
	for _, w := range list {
		if e.alreadyExpiredAndGone(w, db, key) {
			continue
		}
		w.Dirty = true
	}
}

// alreadyExpiredAndGone handles a key that was expired when WATCHed and has
// now been deleted: logically nothing changed.
func (e *Engine) alreadyExpiredAndGone(w *Watcher, db int, key string) bool {
	for i := range w.keys {
		k := &w.keys[i]
		if k.db == db && k.key == key && k.expired {
			if e.dbs[db].keys.Get(key) == nil {
				k.expired = false
				return true
			}
			return false
		}
	}
	return false
}

// touchWatchedDB marks watchers dirty before database emptied is flushed
// or swapped for replacedWith (nil for a flush), following Redis 7.0's
// touchAllWatchedKeysInDb: only keys that exist on either side count, and
// a key expired when WATCHed that stays gone or expired is no change.
func (e *Engine) touchWatchedDB(emptied, replacedWith *DB) {
	e.noteDBChange(emptied.id)
	now := e.Now()
	for wk, list := range e.watchers {
		if wk.db != emptied.id {
			continue
		}
		inEmptied := emptied.keys.Get(wk.key) != nil
		var repl *Value
		if replacedWith != nil {
			repl = replacedWith.keys.Get(wk.key)
		}
		if !inEmptied && repl == nil {
			continue
		}
		replExpired := repl != nil && replacedWith.expired(repl, now)
		for _, w := range list {
			k := w.find(wk)
			switch {
			case k != nil && k.expired && repl == nil:
				k.expired = false
				continue
			case k != nil && k.expired && replExpired:
				continue
			case k != nil && !k.expired && !inEmptied && replExpired:
				k.expired = true
				continue
			}
			w.Dirty = true
		}
	}
}

func (w *Watcher) find(wk watchKey) *watchedKey {
	for i := range w.keys {
		if w.keys[i].watchKey == wk {
			return &w.keys[i]
		}
	}
	return nil
}
