package aof

import (
	"fmt"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// writeFileAtomic publishes data as dir/name so that a crash at any instant
// leaves either the old file or the new one, never a mix (DESIGN 5).
func writeFileAtomic(fs vfs.FS, dir, name, tempName string, data []byte) error {
	tmp := fs.PathJoin(dir, tempName)
	f, err := fs.Create(tmp, vfs.WriteCategoryUnspecified)
	if err != nil {
		return fmt.Errorf("aof: creating %s: %w", tempName, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("aof: writing %s: %w", tempName, err)
	}
	return publishFile(fs, dir, f, tempName, name)
}

// publishFile makes a fully written temp file durable under its final name.
func publishFile(fs vfs.FS, dir string, f vfs.File, tempName, name string) error {
	// The data must be on disk before the name points at it: otherwise a
	// crash after the rename could expose a file with missing blocks.
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("aof: fsync %s: %w", tempName, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("aof: closing %s: %w", tempName, err)
	}
	// The rename swaps old for new in one step; a crash before it keeps
	// the old file, a crash after it the new one.
	if err := fs.Rename(fs.PathJoin(dir, tempName), fs.PathJoin(dir, name)); err != nil {
		return fmt.Errorf("aof: renaming %s to %s: %w", tempName, name, err)
	}
	// The rename is only durable once the directory is synced; until then
	// a crash may bring the old entry back.
	return syncDir(fs, dir)
}

func syncDir(fs vfs.FS, dir string) error {
	d, err := fs.OpenDir(dir)
	if err != nil {
		return fmt.Errorf("aof: opening directory %s: %w", dir, err)
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return fmt.Errorf("aof: fsync directory %s: %w", dir, err)
	}
	return d.Close()
}
