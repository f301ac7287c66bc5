// Package engine owns the keyspace and the semantics of every data command.
//
// It does no I/O. Callers serialize all execution under the engine's writer
// order (Lock/Unlock): commands take effect one at a time, in one total order.
// Each command that changes the dataset yields an Effect: deterministic RESP
// commands tagged with a log sequence number (LSN) that replay to the same
// state (relative expiries made absolute, random choices logged as their
// outcome). The server hands effects to the AOF; recovery feeds them back
// through Exec.
//
// Snapshots: every database is a persistent map (internal/pmap) and every
// collection a persistent structure, owned by generation. Snapshot is O(1):
// it copies the database roots and moves the writer to a new generation, so
// from then on any node the writer touches is copied first and the snapshot
// stays frozen while a goroutine reads it.
//
// Replies are written as RESP by the commands themselves into the Ctx's
// writer; every Redis error text the engine uses lives in replies.go.
package engine
