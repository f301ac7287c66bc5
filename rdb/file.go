package rdb

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/engine"
)

// incrementalSyncBytes is how often SaveFile syncs while writing when asked
// (rdb-save-incremental-fsync), as Redis does every 4 MB so that the final
// fsync does not stall on a huge dirty page cache.
const incrementalSyncBytes = 4 << 20

// FileOptions say how SaveFile publishes a file.
type FileOptions struct {
	// TempName is the temporary file's name in the same directory; default
	// "temp-" + the final name. Concurrent saves need distinct names.
	TempName string
	// IncrementalSync syncs the data every 4 MB while writing.
	IncrementalSync bool
	// Cancel, when it returns true, makes the save stop with ErrCanceled at
	// the next write (SHUTDOWN while a background save runs).
	Cancel func() bool
}

// ErrCanceled is returned by SaveFile when FileOptions.Cancel asked it to
// stop.
var ErrCanceled = errors.New("rdb: save canceled")

// SaveFile writes snap as dir/name through fs so that a crash at any
// instant leaves either the previous file or the new one, whole (DESIGN
// invariant 5): write a temp file, sync it, close it, rename it over the
// final name, sync the directory. On error the temp file is removed and
// the previous file is untouched. It returns the file's size in bytes.
func SaveFile(fs vfs.FS, dir, name string, snap *engine.Snapshot, opts WriteOptions, fo FileOptions) (int64, error) {
	if fo.TempName == "" {
		fo.TempName = "temp-" + name
	}
	tmp := fs.PathJoin(dir, fo.TempName)
	f, err := fs.Create(tmp, vfs.WriteCategoryUnspecified)
	if err != nil {
		return 0, fmt.Errorf("rdb: creating temp file %s: %w", tmp, err)
	}
	w := &fileWriter{f: f, syncEvery: 0, cancel: fo.Cancel}
	if fo.IncrementalSync {
		w.syncEvery = incrementalSyncBytes
	}
	if err := WriteSnapshot(w, snap, opts); err != nil {
		f.Close()
		fs.Remove(tmp)
		return 0, fmt.Errorf("rdb: writing %s: %w", tmp, err)
	}
	if err := publish(fs, dir, f, tmp, fs.PathJoin(dir, name)); err != nil {
		fs.Remove(tmp)
		return 0, err
	}
	return w.n, nil
}

// publish makes the fully written temp file durable under its final name.
func publish(fs vfs.FS, dir string, f vfs.File, tmp, final string) error {
	// The data must be on disk before the name points at it, or a crash
	// just after the rename could expose a file with missing blocks.
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("rdb: fsync %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("rdb: closing %s: %w", tmp, err)
	}
	// One step from old to new: before it the old file is whole, after it
	// the new one is.
	if err := fs.Rename(tmp, final); err != nil {
		return fmt.Errorf("rdb: renaming %s to %s: %w", tmp, final, err)
	}
	// The rename itself is durable only once the directory is synced;
	// until then a crash may bring back the old entry (still whole).
	d, err := fs.OpenDir(dir)
	if err != nil {
		return fmt.Errorf("rdb: opening directory %s: %w", dir, err)
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return fmt.Errorf("rdb: fsync directory %s: %w", dir, err)
	}
	return d.Close()
}

// fileWriter counts bytes, syncs every syncEvery bytes when set, and stops
// when canceled.
type fileWriter struct {
	f         vfs.File
	n         int64
	synced    int64
	syncEvery int64
	cancel    func() bool
}

func (w *fileWriter) Write(p []byte) (int, error) {
	if w.cancel != nil && w.cancel() {
		return 0, ErrCanceled
	}
	n, err := w.f.Write(p)
	w.n += int64(n)
	if err == nil && w.syncEvery > 0 && w.n-w.synced >= w.syncEvery {
		err = w.f.SyncData()
		w.synced = w.n
	}
	return n, err
}

// LoadFile loads the RDB file at path into e (see Load). A missing file
// gives an error for which errors.Is(err, os.ErrNotExist) holds; every
// other error names the file, and decoding errors their offset.
// REQUIRES: as Load.
func LoadFile(fs vfs.FS, path string, e *engine.Engine, opts LoadOptions) (LoadStats, error) {
	f, err := fs.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return LoadStats{}, err
		}
		return LoadStats{}, fmt.Errorf("rdb: opening %s: %w", path, err)
	}
	defer f.Close()
	st, err := Load(io.Reader(f), e, opts)
	if err != nil {
		return st, &FileError{File: path, Err: err}
	}
	return st, nil
}

// FileError names the file a load error happened in.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string {
	kind := "bad RDB file"
	var ce *CorruptionError
	switch {
	case errors.Is(e.Err, ErrTruncated):
		kind = "truncated RDB file"
	case errors.As(e.Err, &ce):
		kind = "corrupt RDB file"
	}
	return fmt.Sprintf("%s %s: %v", kind, e.File, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }
