// Package interop drives the real strata binary side by side with a real
// redis-server 7.0.15 and with real clients: a raw RESP connection, go-redis
// v9, redis-py and redis-cli. Its tests carry the build tag `interop`, so
// `go test ./...` stays hermetic; run them with
//
//	go test -tags interop ./interop/...
//
// They need redis-server and redis-cli 7.0.15 and python3 with the redis
// module on PATH (Debian: redis-server redis-tools python3-redis). When one
// is missing the tests that need it skip with a message naming it, except
// under CI=true, where they fail.
//
// The reply parser here is written apart from internal/resp on purpose: the
// suite checks the server's bytes with code that does not share its bugs.
package interop
