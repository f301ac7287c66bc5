package wal

import "golang.org/x/sys/unix"

// allocate makes the file at least size bytes long, with blocks allocated
// from off on. Mode 0 changes the size; FALLOC_FL_KEEP_SIZE would not, and
// every append would then change it again.
func allocate(fd uintptr, off, size int64) error {
	return unix.Fallocate(int(fd), 0, off, size-off)
}

func ftruncate(fd uintptr, size int64) error { return unix.Ftruncate(int(fd), size) }
