// Package uring syncs files through a minimal io_uring, so that the
// goroutine waiting for an fdatasync does not hold a Go processor.
//
// Why: a goroutine in a blocking system call keeps its processor until the
// runtime's monitor takes it back, and the monitor, finding nothing to do
// on a quiet server, sleeps up to 10 ms between looks. A server given one
// core (GOMAXPROCS 1) therefore ran nothing while the log's flusher sat in
// fdatasync: a runtime trace under appendfsync always showed no processor
// hand-off in a whole second of group commits, the core idle for every
// fsync. Submitted to io_uring, the sync runs on a kernel worker; the
// flusher waits for an eventfd through Go's netpoller, which frees the
// processor, and clients are served while the disk works (the next group
// gathers meanwhile).
//
// Quick syncs (a file whose recent syncs were fast, with little written
// since the last) use the system call instead, on Linux without giving the
// processor up: for them the ring's kernel worker, or the runtime handing
// the processor to another thread, costs more than the sync takes (fs.go).
//
// Where io_uring is missing or forbidden (old kernels, container seccomp
// profiles) the first attempt fails and every sync falls back to the plain
// system call for the life of the process.
package uring
