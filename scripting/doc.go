// Package scripting runs Redis-style Lua scripts on gopher-lua (Lua 5.1).
//
// It owns the Lua side of EVAL: one sandboxed interpreter, the script
// cache keyed by SHA1, the redis.* API, the RESP <-> Lua conversion rules
// of Redis 7.0, shebang flags, and the cjson and bit libraries. It does no
// I/O and knows nothing of the keyspace: commands a script calls go
// through a Host, which the server implements by running them inside its
// writer order.
//
// Concurrency: an Engine is not safe for concurrent use; the server calls
// it only under its engine lock, as Redis runs scripts on its main thread.
package scripting
