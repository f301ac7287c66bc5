// Package wal owns the group-commit appender under the AOF: it takes bytes
// from the server's writer order, writes them to a vfs.File from one flusher
// goroutine, fsyncs them according to the appendfsync policy and publishes
// the durable LSN. It knows nothing of RESP.
//
// Data flow:
//
//	writer order ──Append(b, lsn)──▶ pending buffer (copy, under mu)
//	                                      │ kick
//	                                      ▼
//	                       flusher goroutine: WriteAt(file, off) ─▶ fsync (policy)
//	                                      │
//	                                      ▼ publish writtenLSN / durableLSN
//	clients ──WaitDurable(lsn)──▶ released together by one fsync (group commit)
//
// Policies (Redis appendfsync):
//
//	Always    write, fsync, then acknowledge; one fsync covers every waiter.
//	EverySec  write at once; fsync in the background at most once per
//	          SyncInterval; while that fsync runs, writes are postponed for
//	          up to MaxPostpone (then written anyway, counted as a delayed
//	          fsync), which bounds the loss to about two seconds.
//	No        write at once, never fsync except on rotation and Close.
//
// Sync fsyncs everything appended so far under any policy: a rewrite asks
// for it before the manifest makes the current file one that is not the
// last.
//
// Concurrency: Append, Rotate and Close are called from one goroutine (the
// server's writer order); Sync, WaitDurable, DurableLSN and Stats from
// any. The Writer owns the files it is given and closes them.
//
// Failure is sticky (DESIGN invariant 7): after a failed write or fsync the
// Writer never writes again; every waiter and every later Append gets an
// error that matches ErrFailed and wraps the cause. A failed fsync leaves the
// page cache untrusted, so the way back is a new Writer over a new file
// holding a fresh base, not a retry.
package wal
