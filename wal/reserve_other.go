//go:build !linux

package wal

// Elsewhere than Linux the log appends as usual.

func allocate(fd uintptr, off, size int64) error { return errNoReserve }

func ftruncate(fd uintptr, size int64) error { return errNoReserve }
