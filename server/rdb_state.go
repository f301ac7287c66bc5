package server

import (
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/uring"
	"github.com/strata-db/strata/rdb"
)

// rdbState is the RDB side's bookkeeping (Redis: lastsave, dirty before
// bgsave, lastbgsave_status, ...). Every field is guarded by the engine
// lock, except what a running background save shares through bgsave.
//
// NB: it lives in a side table keyed by the server rather than in Server,
// so that the RDB side stays within its own files.
type rdbState struct {
	fs vfs.FS // vfs.Default; tests put a failing or crashable FS here

	lastSave        time.Time
	lastBgsaveOK    bool
	lastBgsaveTry   time.Time
	lastBgsaveSecs  int64 // -1 before the first
	saves           int64
	lastCowBytes    int64
	dirtyBefore     int64
	scheduled       bool // BGSAVE asked for while one could not start
	lastLoadLoaded  int64
	lastLoadExpired int64
	shutdownDone    bool // SHUTDOWN already ran the final save (or skipped it)
	tempSeq         int

	bg *bgsave // the running background save, nil if none
}

// bgsave is one background save. The goroutine writes err, sizeBytes and
// the memory figures before closing done; others read them after.
type bgsave struct {
	start     time.Time
	done      chan struct{}
	cancel    atomic.Bool
	cost      *saveCost
	err       error
	sizeBytes int64
}

// rdb returns the server's RDB state, creating it on first use.
func (s *Server) rdb() *rdbState {
	if st := s.rdbSt.Load(); st != nil {
		return st
	}
	s.rdbSt.CompareAndSwap(nil, &rdbState{fs: uring.FS(vfs.Default), lastSave: s.start,
		lastBgsaveOK: true, lastBgsaveSecs: -1})
	return s.rdbSt.Load()
}

// rdbDumpCompress is rdbcompression for DUMP payloads. The engine holds one
// process-wide codec, so this is process-wide too.
var rdbDumpCompress atomic.Bool

func init() {
	rdbDumpCompress.Store(true)
	engine.SetDumpCodec(dumpCodec{})
}

// dumpCodec hands DUMP/RESTORE to the rdb package with the current
// rdbcompression setting.
type dumpCodec struct{}

func (dumpCodec) Dump(v *engine.Value, cfg *engine.Config) ([]byte, error) {
	return rdb.DumpCodec{NoCompression: !rdbDumpCompress.Load()}.Dump(v, cfg)
}

func (dumpCodec) Restore(p []byte, cfg *engine.Config) (engine.Value, error) {
	return rdb.DumpCodec{}.Restore(p, cfg)
}
