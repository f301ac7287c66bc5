package rdb

import (
	"io"

	"github.com/strata-db/strata/engine"
)

// WriteOptions shape a file written from a snapshot.
type WriteOptions struct {
	// Encoder holds the compression, checksum and encoding thresholds;
	// EncoderOptionsFor fills it from the engine's configuration.
	Encoder EncoderOptions
	// Aux are the AUX fields; CTime defaults to the snapshot's time.
	Aux AuxFields
	// SaveLRU and SaveFreq write each key's IDLE or FREQ record, as Redis
	// does under an LRU or an LFU maxmemory-policy.
	SaveLRU, SaveFreq bool
	// Functions are function library sources, written as FUNCTION2.
	Functions []string
	// Progress, if set, is called after every ProgressKeys keys (default
	// 4096) with the number of keys written so far, on the writing
	// goroutine.
	Progress     func(keys int64)
	ProgressKeys int64
}

// EncoderOptionsFor returns encoder options matching cfg's thresholds.
// REQUIRES: cfg is not being changed (read it under the engine lock).
func EncoderOptionsFor(cfg *engine.Config, compress, checksum bool) EncoderOptions {
	o := encoderOptions(cfg, !compress)
	o.NoChecksum = !checksum
	return o
}

// WriteSnapshot streams a whole RDB file (version 10) of snap to w: header,
// AUX fields, functions, then every non-empty database and its keys, EOF and
// the checksum. It does not sync or close w. Keys whose expiry has passed
// are written too, as Redis writes them; loaders decide.
//
// The snapshot is frozen, so this may run on any goroutine, without the
// engine lock, while writes go on. Memory use is bounded by the largest
// value's encoding, not by the dataset.
func WriteSnapshot(w io.Writer, snap *engine.Snapshot, opts WriteOptions) error {
	enc := NewEncoder(w, opts.Encoder)
	if err := writePrologue(enc, snap, &opts); err != nil {
		return err
	}
	sw := snapshotWriter{enc: enc, opts: &opts, now: snap.Now}
	for i := range snap.DBs {
		if err := sw.writeDB(&snap.DBs[i]); err != nil {
			return err
		}
	}
	return enc.Close()
}

func writePrologue(enc *Encoder, snap *engine.Snapshot, opts *WriteOptions) error {
	if err := enc.WriteHeader(); err != nil {
		return err
	}
	aux := opts.Aux
	if aux.CTime == 0 {
		aux.CTime = snap.Now / 1000
	}
	if err := enc.WriteAuxFields(aux); err != nil {
		return err
	}
	for _, lib := range opts.Functions {
		if err := enc.WriteFunction(lib); err != nil {
			return err
		}
	}
	return nil
}

// snapshotWriter writes the databases of one snapshot.
type snapshotWriter struct {
	enc  *Encoder
	opts *WriteOptions
	now  int64 // snapshot time, unix ms, for IDLE
	keys int64
	err  error
}

func (sw *snapshotWriter) writeDB(db *engine.DBView) error {
	n := db.Len()
	if n == 0 {
		return nil
	}
	if err := sw.enc.SelectDB(db.ID, uint64(n), uint64(db.Expires())); err != nil {
		return err
	}
	db.Range(func(key string, v *engine.Value) bool {
		sw.err = sw.writeKey(db.ID, key, v)
		return sw.err == nil
	})
	return sw.err
}

func (sw *snapshotWriter) writeKey(db int, key string, v *engine.Value) error {
	k := KeyInfo{DB: db, Key: key, ExpireMs: NoExpire, IdleSec: NoIdle, Freq: NoFreq}
	if at := v.ExpireAt(); at != 0 {
		k.ExpireMs = at
	}
	if sw.opts.SaveLRU {
		k.IdleSec = engine.IdleSecondsAt(v, sw.now)
	}
	if sw.opts.SaveFreq {
		k.Freq = int(v.Freq())
	}
	if err := sw.enc.writeValue(k, v); err != nil {
		return err
	}
	sw.keys++
	if sw.opts.Progress != nil {
		every := sw.opts.ProgressKeys
		if every <= 0 {
			every = 4096
		}
		if sw.keys%every == 0 {
			sw.opts.Progress(sw.keys)
		}
	}
	return nil
}
