package aof

import "fmt"

// needsUpgrade applies Redis 7's rule: a single-file DataDir/appendonly.aof
// is migrated when the AOF directory is missing, or its manifest lists
// nothing, or it lists only a base of that name that is not in the
// directory yet (an earlier migration crashed before the move).
func (d *Dir) needsUpgrade(dirExists bool) bool {
	name := d.opts.FileName
	if !exists(d.opts.FS, d.opts.FS.PathJoin(d.opts.DataDir, name)) {
		return false
	}
	m := d.m
	return !dirExists || (m.Base == nil && len(m.Incr) == 0) ||
		(m.Base != nil && len(m.Incr) == 0 && m.Base.Name == name && !exists(d.opts.FS, d.file(name)))
}

// upgrade moves the legacy file into the AOF directory as its base, with
// or without an RDB preamble (loading tells them apart by content).
func (d *Dir) upgrade() error {
	fs, name := d.opts.FS, d.opts.FileName
	if err := d.ensureDir(); err != nil {
		return err
	}
	m := d.m.Clone()
	m.Base, m.BaseSeq = &Info{Name: name, Seq: 1, Type: TypeBase}, 1
	// Manifest first, move second: a crash in between leaves a manifest
	// naming a base that is still outside the directory, which the next
	// start recognizes (needsUpgrade) and finishes.
	if err := d.persist(m); err != nil {
		return err
	}
	if err := fs.Rename(fs.PathJoin(d.opts.DataDir, name), d.file(name)); err != nil {
		return fmt.Errorf("aof: moving the old AOF file %s into dir %s: %w", name, d.path, err)
	}
	// Sync the AOF directory first: if only the data directory's removal
	// reached the disk, the file would be in neither place.
	if err := syncDir(fs, d.path); err != nil {
		return err
	}
	return syncDir(fs, d.opts.DataDir)
}
