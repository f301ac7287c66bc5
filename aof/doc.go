// Package aof owns Redis 7's multi-part append-only file: file names, the
// manifest, a RESP reader with offsets, the effect encoder, loading order,
// rewrite plumbing and the upgrade of legacy single-file AOFs. Bytes reach
// the disk through package wal; every file operation goes through vfs.FS.
//
// On disk (DataDir/appendonlydir, Redis 7.0.15 layout):
//
//	appendonly.aof.manifest        which files, in which order (Manifest)
//	appendonly.aof.<N>.base.rdb    base: RDB image, RESP may follow it
//	appendonly.aof.<N>.base.aof    base in RESP form (aof-use-rdb-preamble no)
//	appendonly.aof.<M>.incr.aof    effects since the base, RESP commands
//
// An INCR file is a sequence of items, each ending at an offset the Reader
// reports:
//
//	*<argc>\r\n { $<len>\r\n <len bytes> \r\n }      a command
//	#TS:<unix seconds>\r\n                          a timestamp annotation
//
// Loading replays the base and then each INCR file in manifest order, each
// from DB 0. Only the end of the last file may be torn (see docs/aof.md for
// the rules, including zero-filled tails).
//
// Publication (manifest, base): write a temp file, fsync, close, rename,
// fsync the directory; a crash leaves the old set or the new set.
//
// Concurrency: a Dir and an Encoder belong to the writer order; a Reader to
// one goroutine.
package aof
