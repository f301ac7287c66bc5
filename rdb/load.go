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
}

type loader struct {
	e        *engine.Engine
	opts     LoadOptions
	cfg      *engine.Config
	now      int64
	stats    LoadStats
	lastProg time.Time
}

// decodeHandler turns decoder events into loadItems; it runs on the
// decoding goroutine and touches nothing shared but the item sink.
type decodeHandler struct {
	d    *Decoder
	cfg  *engine.Config
	aux  map[string]string
	emit func(loadItem) error
}

func (h *decodeHandler) Aux(k, v string) error              { h.aux[k] = v; return nil }
func (h *decodeHandler) ResizeDB(int, uint64, uint64) error { return nil }

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

func (l *loader) runSerial(d *Decoder) error {
	h := &decodeHandler{d: d, cfg: l.cfg, aux: l.stats.Aux, emit: l.store}
	return d.Decode(h)
}

// store puts one item into the engine. REQUIRES: the engine lock.
func (l *loader) store(it loadItem) error {
	defer l.progress(it.end)
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
	l.e.LoadedAccess(&it.val, it.idle, it.freq)
	l.stats.KeysLoaded++
	if !l.e.DB(it.db).LoadKey(it.key, it.val) && !l.opts.Replace {
		return &CorruptionError{Offset: it.end,
			Reason: fmt.Sprintf("duplicated key %q in DB %d (record ending here)", it.key, it.db)}
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
	stop := make(chan struct{})
	aux := map[string]string{}
	var decErr error
	go func() {
		defer close(batches)
		decErr = decodeBatches(d, l.cfg, aux, batches, stop)
	}()
	var storeErr error
	for b := range batches {
		for _, it := range b {
			if storeErr == nil {
				storeErr = l.store(it)
			}
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

func decodeBatches(d *Decoder, cfg *engine.Config, aux map[string]string, out chan<- []loadItem, stop <-chan struct{}) error {
	batch := make([]loadItem, 0, loadBatchSize)
	send := func() error {
		select {
		case out <- batch:
			batch = make([]loadItem, 0, loadBatchSize)
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
