package engine

import "strings"

// Durability tracking for the read rule under appendfsync always (DESIGN
// invariant 2, docs/durability.md): a reply may be released once the log is
// durable up to the last write its command observed. The engine remembers,
// for every key changed by a write that is not yet known durable, the LSN
// of that write; whole-database changes (FLUSHDB, FLUSHALL, SWAPDB) are
// remembered per database. A deleted key is remembered like a written one,
// so a read that finds nothing also waits for the deletion to be durable.
//
// Keys changed since the last Settle are "pending": their effects may not
// have an LSN yet (a command's effect is emitted after it runs), so a read
// of a pending key needs everything emitted so far (LSN()).
//
// Entries at or below the durable LSN are dropped by Prune, so the table
// holds only the writes of the last few milliseconds.

// pendingLSN marks a key changed since the last Settle.
const pendingLSN = ^uint64(0)

type durKey struct {
	db  int
	key string
}

// durRec is a tracked key's entry. The map holds it by pointer so that a
// write to a key already in the table costs one lookup: settling and
// pruning reach the entry through the pending list and the queue, and a
// key written over and over (a counter) is queued once, not once per write.
type durRec struct {
	durKey
	lsn    uint64 // pendingLSN until settled
	queued bool   // has an entry in the queue
}

// durEntry is a queue entry: rec was settled at lsn. The queue is in
// settling order, which is LSN order except for entries put back by
// PruneDurable; those only wait for a later prune.
type durEntry struct {
	rec *durRec
	lsn uint64
}

type durability struct {
	keys    map[durKey]*durRec
	dbLSN   []uint64 // per database: last whole-database change
	pending []*durRec
	dbPend  []int
	queue   []durEntry // for Prune
	head    int
}

// TrackDurability turns the per-key table on or off (off frees it).
// REQUIRES: the lock.
func (e *Engine) TrackDurability(on bool) {
	if !on {
		e.dur = nil
		return
	}
	if e.dur == nil {
		e.dur = &durability{keys: map[durKey]*durRec{}, dbLSN: make([]uint64, len(e.dbs))}
	}
}

// noteKeyChange is called for every change of key in db (through the WATCH
// hook, which sees every change).
func (e *Engine) noteKeyChange(db int, key string) {
	d := e.dur
	if d == nil {
		return
	}
	r := d.keys[durKey{db, key}]
	if r == nil {
		// NB: key may alias a request buffer; the table outlives it.
		r = &durRec{durKey: durKey{db, strings.Clone(key)}}
		d.keys[r.durKey] = r
	} else if r.lsn == pendingLSN {
		return
	}
	r.lsn = pendingLSN
	d.pending = append(d.pending, r)
}

// noteDBChange is called before database db is flushed or swapped.
func (e *Engine) noteDBChange(db int) {
	if d := e.dur; d != nil {
		d.dbLSN[db] = pendingLSN
		d.dbPend = append(d.dbPend, db)
	}
}

// SettleWrites gives every change since the last call the LSN lsn: the
// highest LSN of the effects handed to the log for them. REQUIRES: the lock.
func (e *Engine) SettleWrites(lsn uint64) {
	d := e.dur
	if d == nil {
		return
	}
	for _, r := range d.pending {
		r.lsn = lsn
		if !r.queued {
			r.queued = true
			d.queue = append(d.queue, durEntry{r, lsn})
		}
	}
	d.pending = d.pending[:0]
	for _, db := range d.dbPend {
		d.dbLSN[db] = lsn
	}
	d.dbPend = d.dbPend[:0]
}

// ReadLSN returns the LSN that must be durable before a reply that read
// key in db may be released: the key's last unsettled write, or the last
// whole-database change, whichever is later; 0 when both are durable.
// REQUIRES: the lock.
func (e *Engine) ReadLSN(db int, key string) uint64 {
	d := e.dur
	if d == nil {
		return 0
	}
	lsn := d.dbLSN[db]
	if r := d.keys[durKey{db, key}]; r != nil {
		lsn = max(lsn, r.lsn)
	}
	if lsn == pendingLSN {
		return e.lsn
	}
	return lsn
}

// PruneDurable forgets changes whose LSN is at most durable.
// REQUIRES: the lock.
func (e *Engine) PruneDurable(durable uint64) {
	d := e.dur
	if d == nil {
		return
	}
	for d.head < len(d.queue) && d.queue[d.head].lsn <= durable {
		r := d.queue[d.head].rec
		d.head++
		switch {
		case r.lsn == pendingLSN:
			// Written again and not settled yet: SettleWrites queues it.
			r.queued = false
			continue
		case r.lsn > durable:
			// Written again since it was queued: back in the queue with
			// its new LSN. It may now sit behind a higher LSN, which only
			// delays its removal to a later prune.
			d.queue = append(d.queue, durEntry{r, r.lsn})
			continue
		}
		delete(d.keys, r.durKey)
		r.queued = false
	}
	if d.head == len(d.queue) || d.head > 4096 {
		d.queue = append(d.queue[:0], d.queue[d.head:]...)
		d.head = 0
	}
	for i, l := range d.dbLSN {
		if l != pendingLSN && l <= durable {
			d.dbLSN[i] = 0
		}
	}
}

// TrackedKeys is the number of keys whose last change is not yet known
// durable (for tests and INFO).
func (e *Engine) TrackedKeys() int {
	if e.dur == nil {
		return 0
	}
	return len(e.dur.keys)
}
