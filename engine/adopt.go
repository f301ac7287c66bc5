package engine

// AdoptData replaces the content of every database with src's, as a reload
// does (DEBUG LOADAOF): watchers of keys that existed are touched as by a
// flush. src must not be used afterwards. The writer moves to a generation
// newer than any node of either engine, so nothing adopted is changed in
// place while an older snapshot might still read it. REQUIRES: the lock;
// src not shared.
func (e *Engine) AdoptData(src *Engine) {
	for i, db := range e.dbs {
		db.Flush()
		if i < len(src.dbs) {
			db.keys = src.dbs[i].keys
			db.volatile = src.dbs[i].volatile
		}
	}
	e.gen = max(e.gen, src.gen) + 1
}
