package rdb

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/strata-db/strata/engine"
)

// LoadOptions configure Load.
type LoadOptions struct {
	// SkipChecksum skips the CRC-64 check (rdbchecksum no).
	SkipChecksum bool
	// BaseOffset is the file offset of r's first byte, for an RDB that
	// starts inside a larger file; every reported offset includes it.
	BaseOffset int64
	// KeepExpired keeps keys whose expiry has passed. Redis drops them when
	// a master loads dump.rdb, but keeps them in an AOF preamble (the log
	// that follows deletes them).
	KeepExpired bool
	// Replace lets a key in the file replace one already in the engine
	// (DEBUG RELOAD MERGE); otherwise a key that is already there is an
	// error, as Redis refuses duplicated keys.
	Replace bool
	// Function receives each function library. When nil, libraries are
	// counted in LoadStats.Functions and dropped.
	Function func(library string) error
	// Unsupported, if set, is told about each key whose value the engine
	// cannot hold (streams, for now) and decides: nil skips the key
	// (counted in LoadStats.Unsupported), an error stops the load. When
	// Unsupported is nil such a key stops the load.
	Unsupported func(db int, key string, err error) error
	// Progress, if set, is called about once per ProgressInterval (default
	// one second) with the offset reached and the keys stored so far, on
	// the calling goroutine.
	Progress         func(offset, keys int64)
	ProgressInterval time.Duration
	// Serial decodes on the calling goroutine. By default decoding (and
	// building values) runs on its own goroutine while the caller's
	// goroutine stores keys, which pays on two cores or more.
	Serial bool
}

// LoadStats describe a finished (or failed) load.
type LoadStats struct {
	Version int
	// Offset is just past the RDB's checksum (BaseOffset included) after a
	// successful load: where a caller that has more to read continues. The
	// decoder reads ahead of it, so such a caller must reposition there.
	Offset       int64
	KeysLoaded   int64 // stored in the engine (Redis: rdb_last_load_keys_loaded)
	KeysExpired  int64 // skipped as already expired (rdb_last_load_keys_expired)
	SkippedEmpty int   // empty collections, skipped as Redis skips them
	Functions    int
	Unsupported  int // keys skipped by LoadOptions.Unsupported
	Aux          map[string]string
}

// Load decodes one RDB from r into e: every key with its expiry and
// access data, values built with the engine's constructors so that OBJECT
// ENCODING answers what Redis would after loading the same file.
//
// Errors: *CorruptionError and ErrTruncated (errors.Is) from the decoder,
// with file offsets; a *CorruptionError for a key already present; an
// error wrapping ErrUnsupported for modules and streams. Keys stored
// before an error stay in the engine.
//
// REQUIRES: the engine lock held by the caller, or an engine nobody else
// uses yet. Load never logs effects: the data comes from the file.
func Load(r io.Reader, e *engine.Engine, opts LoadOptions) (LoadStats, error) {
	l := &loader{e: e, opts: opts, cfg: e.Config(), now: e.Now(),
		stats: LoadStats{Aux: map[string]string{}}}
	d := NewDecoder(r, Options{SkipChecksum: opts.SkipChecksum, Databases: e.NumDBs(), BaseOffset: opts.BaseOffset})
	var err error
	if opts.Serial {
		err = l.runSerial(d)
	} else {
		err = l.runParallel(d)
	}
	if ferr := l.flush(); err == nil {
		err = ferr
	}
	l.stats.Version = d.Version()
	l.stats.SkippedEmpty = d.SkippedEmpty
	if err == nil {
		l.stats.Offset = d.Offset()
	}
	return l.stats, err
}

// loadItem is one decoded record ready to store: a key with its built
// value, or a function library.
type loadItem struct {
	db      int
	key     string
	val     engine.Value
	expire  int64 // absolute ms, NoExpire for none
	idle    int64
	freq    int
	library string
	isLib   bool
	bad     error // the value could not be built
	end     int64 // offset just past the record
	// resize carries a RESIZEDB hint: the number of keys in db.
	resize   uint64
	isResize bool
}

type loader struct {
	e        *engine.Engine
	opts     LoadOptions
	cfg      *engine.Config
	now      int64
	stats    LoadStats
	lastProg time.Time
	progN    int
	// accessNow stamps loaded keys' access time; read every 1024 keys.
	accessNow int64

	// dbs holds, per database, the RESIZEDB hint and the keys collected
	// for it: keys bound for a database that was empty when the load
	// reached it are stored at the end in one pass (DB.LoadKeys), with the
	// offsets that end their records for error reports.
	dbs []dbLoad
}

type dbLoad struct {
	resize uint64
	mode   int8 // loadUndecided, loadBulk or loadDirect
	keys   []engine.LoadedKey
	ends   []int64
}

const (
	loadUndecided = iota
	loadBulk      // collected, stored by flush
	loadDirect    // stored key by key (a merge, or a database with keys)
)

// maxPresize bounds the slice a RESIZEDB hint may allocate ahead: the hint
// comes from the file, which may be damaged.
const maxPresize = 1 << 20

func (l *loader) db(i int) *dbLoad {
	if l.dbs == nil {
		l.dbs = make([]dbLoad, l.e.NumDBs())
	}
	return &l.dbs[i]
}

// bulkFor returns the collection for db's keys, or nil when they are to be
// stored one by one.
func (l *loader) bulkFor(db int) *dbLoad {
	d := l.db(db)
	if d.mode == loadUndecided {
		d.mode = loadBulk
		if l.opts.Replace || l.e.DB(db).Len() != 0 {
			d.mode = loadDirect
		}
		if d.mode == loadBulk {
			n := min(d.resize, maxPresize)
			d.keys, d.ends = make([]engine.LoadedKey, 0, n), make([]int64, 0, n)
		}
	}
	if d.mode != loadBulk {
		return nil
	}
	return d
}

// flush stores the collected keys. After a failed load the keys read so
// far are stored all the same (Load keeps what it loaded before an error).
func (l *loader) flush() error {
	var err error
	for i := range l.dbs {
		d := &l.dbs[i]
		if d.mode != loadBulk {
			continue
		}
		if dup := l.e.DB(i).LoadKeys(d.keys); dup >= 0 && err == nil {
			err = duplicateKey(d.keys[dup].Key, i, d.ends[dup])
		}
		d.keys, d.ends = nil, nil
	}
	return err
}

// duplicateKey is the error for a key the file holds twice, or that the
// engine already holds.
func duplicateKey(key string, db int, end int64) error {
	return &CorruptionError{Offset: end,
		Reason: fmt.Sprintf("duplicated key %q in DB %d (record ending here)", key, db)}
}

// decodeHandler turns decoder events into loadItems; it runs on the
// decoding goroutine and touches nothing shared but the item sink.
type decodeHandler struct {
	d    *Decoder
	cfg  *engine.Config
	aux  map[string]string
	emit func(loadItem) error
}

func (h *decodeHandler) Aux(k, v string) error { h.aux[k] = v; return nil }
func (h *decodeHandler) ResizeDB(db int, size, _ uint64) error {
	return h.emit(loadItem{db: db, resize: size, isResize: true, end: h.d.Offset()})
}

func (h *decodeHandler) Function(lib string) error {
	return h.emit(loadItem{library: lib, isLib: true, end: h.d.Offset()})
}

func (h *decodeHandler) Key(rec *Record) error {
	v, err := engineValue(rec, h.cfg)
	if err != nil {
		err = fmt.Errorf("key %q in DB %d ending at offset %d: %w", rec.Key, rec.DB, h.d.Offset(), err)
		if !errors.Is(err, ErrUnsupported) {
			return err
		}
		return h.emit(loadItem{db: rec.DB, key: rec.Key, bad: err, end: h.d.Offset()})
	}
	return h.emit(loadItem{db: rec.DB, key: rec.Key, val: v, expire: rec.ExpireMs,
		idle: rec.IdleSec, freq: rec.Freq, end: h.d.Offset()})
}

// StringKey is Key for a string record, without the Record (see
// StringHandler).
func (h *decodeHandler) StringKey(meta *KeyInfo, _ Type, value string) error {
	return h.emit(loadItem{db: meta.DB, key: meta.Key, val: engine.StringValue(value),
		expire: meta.ExpireMs, idle: meta.IdleSec, freq: meta.Freq, end: h.d.Offset()})
}

func (l *loader) runSerial(d *Decoder) error {
	h := &decodeHandler{d: d, cfg: l.cfg, aux: l.stats.Aux, emit: l.store}
	return d.Decode(h)
}

// store puts one item into the engine. REQUIRES: the engine lock.
func (l *loader) store(it loadItem) error {
	defer l.progress(it.end)
	if it.isResize {
		l.db(it.db).resize = it.resize
		return nil
	}
	if it.isLib {
		l.stats.Functions++
		if l.opts.Function == nil {
			return nil
		}
		return l.opts.Function(it.library)
	}
	if it.bad != nil {
		return l.unsupported(it)
	}
	// NB: Redis compares with <, so a key expiring exactly now is loaded
	// (and expired at its first access).
	if !l.opts.KeepExpired && it.expire != NoExpire && it.expire < l.now {
		l.stats.KeysExpired++
		return nil
	}
	if it.expire != NoExpire {
		it.val.SetExpireAt(it.expire)
	}
	if l.stats.KeysLoaded%1024 == 0 {
		l.accessNow = l.e.Now()
	}
	l.e.LoadedAccessAt(&it.val, it.idle, it.freq, l.accessNow)
	l.stats.KeysLoaded++
	if b := l.bulkFor(it.db); b != nil {
		b.keys = append(b.keys, engine.LoadedKey{Key: it.key, Val: it.val})
		b.ends = append(b.ends, it.end)
		return nil
	}
	if !l.e.DB(it.db).LoadKey(it.key, it.val) && !l.opts.Replace {
		return duplicateKey(it.key, it.db, it.end)
	}
	return nil
}

func (l *loader) unsupported(it loadItem) error {
	if l.opts.Unsupported == nil {
		return it.bad
	}
	if err := l.opts.Unsupported(it.db, it.key, it.bad); err != nil {
		return err
	}
	l.stats.Unsupported++
	return nil
}

func (l *loader) progress(offset int64) {
	if l.opts.Progress == nil {
		return
	}
	// Reading the clock for every key cost more than storing it.
	if l.progN++; l.progN%1024 != 1 {
		return
	}
	every := l.opts.ProgressInterval
	if every <= 0 {
		every = time.Second
	}
	now := time.Now()
	if l.lastProg.IsZero() {
		l.lastProg = now
		return
	}
	if now.Sub(l.lastProg) >= every {
		l.lastProg = now
		l.opts.Progress(offset, l.stats.KeysLoaded)
	}
}

// errLoadStopped stops the decoding goroutine after the storing side
// failed; it never reaches the caller.
var errLoadStopped = errors.New("rdb: load stopped")

const loadBatchSize = 256

// runParallel decodes and builds values on a goroutine and stores them on
// this one, handing over batches so the channel costs little per key.
func (l *loader) runParallel(d *Decoder) error {
	batches := make(chan []loadItem, 8)
	free := make(chan []loadItem, 16)
	stop := make(chan struct{})
	aux := map[string]string{}
	var decErr error
	go func() {
		defer close(batches)
		decErr = decodeBatches(d, l.cfg, aux, batches, free, stop)
	}()
	var storeErr error
	for b := range batches {
		for _, it := range b {
			if storeErr == nil {
				storeErr = l.store(it)
			}
		}
		clear(b)
		select {
		case free <- b[:0]:
		default:
		}
		if storeErr != nil && stop != nil {
			close(stop)
			stop = nil
		}
	}
	// The channel is closed: the goroutine is done and its writes to aux
	// and decErr are visible.
	for k, v := range aux {
		l.stats.Aux[k] = v
	}
	if storeErr != nil {
		return storeErr
	}
	return decErr
}

func decodeBatches(d *Decoder, cfg *engine.Config, aux map[string]string, out chan<- []loadItem, free <-chan []loadItem, stop <-chan struct{}) error {
	batch := make([]loadItem, 0, loadBatchSize)
	send := func() error {
		select {
		case out <- batch:
			// Batches come back once stored: a load would otherwise leave
			// about 150 bytes of garbage per key for the collector.
			select {
			case batch = <-free:
			default:
				batch = make([]loadItem, 0, loadBatchSize)
			}
			return nil
		case <-stop:
			return errLoadStopped
		}
	}
	h := &decodeHandler{d: d, cfg: cfg, aux: aux, emit: func(it loadItem) error {
		batch = append(batch, it)
		if len(batch) < loadBatchSize {
			return nil
		}
		return send()
	}}
	err := d.Decode(h)
	if len(batch) > 0 && !errors.Is(err, errLoadStopped) {
		if serr := send(); serr != nil && err == nil {
			err = serr
		}
	}
	return err
}
