package recovery

import (
	"errors"
	"fmt"
	"io"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/aof"
)

// describe turns a load error into the startup error of DESIGN invariant 6:
// file, offset, and the command that repairs it.
func describe(d *aof.Dir, opts Options, err error) error {
	manifest := opts.FS.PathJoin(d.Path(), aof.ManifestName(fileName(opts)))
	var torn *aof.TornTailError
	var corrupt *aof.CorruptionError
	switch {
	case errors.Is(err, aof.ErrTruncatedNotLast):
		return fmt.Errorf("%w: %w (fatal: only the last file may be truncated); make a backup of %s, then run redis-check-aof --fix %s",
			ErrRepair, err, d.Path(), manifest)
	case errors.As(err, &torn):
		return fmt.Errorf("%w: unexpected end of file %s at offset %d (%d bytes after the last complete command); "+
			"start with aof-load-truncated yes to drop them, or make a backup and run redis-check-aof --fix %s",
			ErrRepair, torn.File, torn.Offset, torn.Size-torn.Offset, manifest)
	case errors.As(err, &corrupt):
		return fmt.Errorf("%w: bad file format reading the append only file %s at offset %d: %v; "+
			"make a backup of your AOF files, then use redis-check-aof --fix %s",
			ErrRepair, corrupt.File, corrupt.Offset, err, manifest)
	}
	return err
}

// dropTornTail keeps the torn bytes aside, next to the file, and cuts the
// file back to its last complete command so appends continue from there.
func dropTornTail(d *aof.Dir, opts Options, rep *Report, torn *aof.TornTailError) error {
	aside := fmt.Sprintf("%s.torn-%d", torn.File, torn.Offset)
	if err := keepAside(d, opts, torn, aside); err != nil {
		return err
	}
	if err := d.Truncate(torn.File, torn.Offset); err != nil {
		return err
	}
	rep.Torn, rep.KeptAside = torn, aside
	logf(opts, "!!! Warning: short read while loading the AOF file %s!!! AOF loaded anyway because aof-load-truncated is enabled; "+
		"dropped %d bytes after offset %d (kept in %s, less the zeros at their end)", torn.File, torn.Size-torn.Offset, torn.Offset, aside)
	return nil
}

func keepAside(d *aof.Dir, opts Options, torn *aof.TornTailError, aside string) error {
	fs := opts.FS
	src, err := fs.Open(fs.PathJoin(d.Path(), torn.File))
	if err != nil {
		return fmt.Errorf("recovery: opening %s: %w", torn.File, err)
	}
	defer src.Close()
	buf := make([]byte, torn.Size-torn.Offset)
	if _, err := src.ReadAt(buf, torn.Offset); err != nil && err != io.EOF {
		return fmt.Errorf("recovery: reading the torn tail of %s: %w", torn.File, err)
	}
	// NB: the zeros after the last byte written are the log's reserved
	// space (up to a step, strata-aof-reserve) or pages never written:
	// nothing to keep, and a crash after each restart would otherwise pile
	// megabytes of them up beside the log.
	for len(buf) > 0 && buf[len(buf)-1] == 0 {
		buf = buf[:len(buf)-1]
	}
	dst, err := fs.Create(fs.PathJoin(d.Path(), aside), vfs.WriteCategoryUnspecified)
	if err != nil {
		return fmt.Errorf("recovery: creating %s: %w", aside, err)
	}
	if _, err := dst.Write(buf); err != nil {
		dst.Close()
		return fmt.Errorf("recovery: writing %s: %w", aside, err)
	}
	// The copy must be on disk before the cut is: the cut is published
	// with a directory sync, and only then are the bytes gone for good.
	if err := dst.Sync(); err != nil {
		dst.Close()
		return fmt.Errorf("recovery: fsync %s: %w", aside, err)
	}
	return dst.Close()
}

func fileName(opts Options) string {
	if opts.FileName == "" {
		return aof.DefaultFileName
	}
	return opts.FileName
}
