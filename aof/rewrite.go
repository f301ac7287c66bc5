package aof

import (
	"fmt"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// OpenForAppend opens the file new effects go to at startup, as Redis does
// after loading: the last INCR file (appended to at its current size, or
// where its commands end when Load found a blank tail: the log writes into
// the zeros), or a new one listed in the manifest. REQUIRES: a base exists
// or the manifest lists an INCR file; with an empty dataset install a base
// first (Redis writes one from the empty dataset).
func (d *Dir) OpenForAppend() (f vfs.File, size int64, err error) {
	if d.Empty() {
		return nil, 0, fmt.Errorf("aof: no base and no incr file: install a base first")
	}
	if n := len(d.m.Incr); n > 0 {
		name := d.m.Incr[n-1].Name
		f, err := d.opts.FS.OpenReadWrite(d.file(name), vfs.WriteCategoryUnspecified)
		if err != nil {
			return nil, 0, fmt.Errorf("aof: can't open the append-only file %s: %w", name, err)
		}
		size, err := d.Size(name)
		if err != nil {
			f.Close()
			return nil, 0, fmt.Errorf("aof: stat %s: %w", name, err)
		}
		return f, size, nil
	}
	f, err = d.NewIncr()
	return f, 0, err
}

// NewIncr creates the next INCR file and lists it in the manifest: where a
// rewrite starts, the caller rotates its wal.Writer to it. If anything
// fails, the manifest is unchanged.
func (d *Dir) NewIncr() (vfs.File, error) {
	if err := d.ensureDir(); err != nil {
		return nil, err
	}
	m := d.m.Clone()
	// NB: past the numbers of unlisted files too, one of which a repair's
	// writer may still be closing.
	m.IncrSeq = max(m.IncrSeq, d.unlistedSeq) + 1
	info := Info{Name: IncrName(d.opts.FileName, m.IncrSeq), Seq: m.IncrSeq, Type: TypeIncr}
	m.Incr = append(m.Incr, info)
	f, err := d.opts.FS.Create(d.file(info.Name), vfs.WriteCategoryUnspecified)
	if err != nil {
		return nil, fmt.Errorf("aof: can't open the append-only file %s: %w", info.Name, err)
	}
	// The file's entry must be durable before the manifest names it: the
	// manifest's rename may reach the disk without the create otherwise
	// (the crash test in server/aof_crash_test.go finds that state), and a
	// manifest naming a missing file does not load.
	if err := syncDir(d.opts.FS, d.path); err != nil {
		f.Close()
		return nil, err
	}
	if err := d.persist(m); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// NewUnlistedIncr creates an INCR file under a sequence number no other
// file of this Dir has had, and does not list it: the manifest still ends
// with the file before it. A repair after a failed write or fsync writes
// there, since the failed file may end in a torn command that only the
// last file of a manifest may have; InstallBaseWithIncr then lists the new
// file together with the fresh base, which retires the failed one. Until
// then a crash loads the old set, and the unlisted file is ignored (and
// overwritten by a later NewIncr of the same number).
func (d *Dir) NewUnlistedIncr() (vfs.File, Info, error) {
	if err := d.ensureDir(); err != nil {
		return nil, Info{}, err
	}
	d.unlistedSeq = max(d.unlistedSeq, d.m.IncrSeq) + 1
	info := Info{Name: IncrName(d.opts.FileName, d.unlistedSeq), Seq: d.unlistedSeq, Type: TypeIncr}
	f, err := d.opts.FS.Create(d.file(info.Name), vfs.WriteCategoryUnspecified)
	if err != nil {
		return nil, Info{}, fmt.Errorf("aof: can't open the append-only file %s: %w", info.Name, err)
	}
	d.unlisted = append(d.unlisted, info.Name)
	return f, info, nil
}

// InstallBase publishes a new base written by write (an RDB when rdb is
// set, else RESP) and retires the previous base and every INCR file but
// the last into history, then deletes history unless auto-GC is off.
// REQUIRES: the base holds the dataset as of the start of the last INCR
// file (NewIncr was called at the rewrite's snapshot point).
func (d *Dir) InstallBase(rdb bool, write func(f vfs.File) error) error {
	return d.installBase(rdb, write, nil)
}

// InstallBaseWithIncr is InstallBase for a base that holds the dataset as
// of the start of incr, a file from NewUnlistedIncr: one manifest lists
// both and retires every INCR file before them. Other unlisted files (of
// repairs that did not finish) are removed.
func (d *Dir) InstallBaseWithIncr(rdb bool, write func(f vfs.File) error, incr Info) error {
	return d.installBase(rdb, write, &incr)
}

func (d *Dir) installBase(rdb bool, write func(f vfs.File) error, incr *Info) error {
	if err := d.ensureDir(); err != nil {
		return err
	}
	m := d.m.Clone()
	m.BaseSeq++
	name := BaseName(d.opts.FileName, m.BaseSeq, rdb)
	// NB: writeBase fsyncs the directory after its rename, which makes
	// incr's entry durable too before the manifest names it.
	if err := d.writeBase(name, write); err != nil {
		return err
	}
	if incr != nil {
		m.Incr = append(m.Incr, *incr)
		m.IncrSeq = max(m.IncrSeq, incr.Seq)
	}
	retireIntoHistory(m, &Info{Name: name, Seq: m.BaseSeq, Type: TypeBase})
	// Until this manifest is in place the old set is the truth and the new
	// base is an unlisted file; after it, the new set is.
	if err := d.persist(m); err != nil {
		return err
	}
	if incr != nil {
		d.removeUnlisted(incr.Name)
	}
	return d.collectHistory()
}

// removeUnlisted deletes the files NewUnlistedIncr made that are still
// not listed, but keep. They hold nothing anyone was told was written, so
// a file that cannot be removed is left for the next time.
func (d *Dir) removeUnlisted(keep string) {
	var left []string
	for _, name := range d.unlisted {
		if name == keep {
			continue
		}
		if err := d.opts.FS.Remove(d.file(name)); err != nil && exists(d.opts.FS, d.file(name)) {
			left = append(left, name)
		}
	}
	d.unlisted = left
}

func (d *Dir) writeBase(name string, write func(f vfs.File) error) error {
	tmp := tempBaseName(d.opts.FileName)
	f, err := d.opts.FS.Create(d.file(tmp), vfs.WriteCategoryUnspecified)
	if err != nil {
		return fmt.Errorf("aof: creating %s: %w", tmp, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("aof: writing %s: %w", tmp, err)
	}
	return publishFile(d.opts.FS, d.path, f, tmp, name)
}

// retireIntoHistory makes base the base of m, moving the old base and all
// INCR files but the one being written into history, newest first.
func retireIntoHistory(m *Manifest, base *Info) {
	var hist []Info
	if n := len(m.Incr); n > 1 {
		for i := n - 2; i >= 0; i-- {
			hist = append(hist, Info{Name: m.Incr[i].Name, Seq: m.Incr[i].Seq, Type: TypeHistory})
		}
		m.Incr = m.Incr[n-1:]
	}
	if m.Base != nil {
		hist = append(hist, Info{Name: m.Base.Name, Seq: m.Base.Seq, Type: TypeHistory})
	}
	m.History = append(hist, m.History...)
	m.Base = base
}

// collectHistory deletes history files and drops them from the manifest.
// A history record may name a file that is already gone (a crash after the
// delete, before the manifest): that is not an error.
func (d *Dir) collectHistory() error {
	if d.opts.DisableAutoGC || len(d.m.History) == 0 {
		return nil
	}
	for _, h := range d.m.History {
		if exists(d.opts.FS, d.file(h.Name)) {
			if err := d.opts.FS.Remove(d.file(h.Name)); err != nil {
				return fmt.Errorf("aof: removing history file %s: %w", h.Name, err)
			}
		}
	}
	m := d.m.Clone()
	m.History = nil
	return d.persist(m)
}

// Truncate cuts a file of the directory to size (a torn tail accepted by
// Load). vfs has no truncate, so the kept prefix is copied to a temp file
// and renamed over the original: a crash leaves the old or the new file.
func (d *Dir) Truncate(name string, size int64) error {
	src, err := d.opts.FS.Open(d.file(name))
	if err != nil {
		return fmt.Errorf("aof: opening %s: %w", name, err)
	}
	defer src.Close()
	buf := make([]byte, size)
	if _, err := src.ReadAt(buf, 0); err != nil {
		return fmt.Errorf("aof: reading %s: %w", name, err)
	}
	return writeFileAtomic(d.opts.FS, d.path, name, tempPrefix+name, buf)
}

// ensureDir creates the AOF directory if needed. Its entry in the data
// directory must be durable before any file in it is, or a crash could
// lose the whole directory with acknowledged data in it.
func (d *Dir) ensureDir() error {
	if exists(d.opts.FS, d.path) {
		return nil
	}
	if err := d.opts.FS.MkdirAll(d.path, 0o755); err != nil {
		return fmt.Errorf("aof: can't open or create append-only dir %s: %w", d.path, err)
	}
	return syncDir(d.opts.FS, d.opts.DataDir)
}
