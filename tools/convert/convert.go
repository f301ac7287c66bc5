// Package convert moves a dataset between Redis's two persistence forms:
// an RDB file becomes an AOF directory (a Redis 7 appendonlydir whose base
// is the RDB, or RESP commands made from it, plus an empty INCR file and
// the manifest), so a server started with appendonly yes loads the dump;
// and an AOF directory becomes an RDB file.
//
// RDB to AOF streams. AOF to RDB replays the log into an in-memory engine
// first (a log can only be understood by replaying it), so it needs memory
// for the dataset, like a server loading it.
//
// Every file is published atomically: written under a temporary name,
// synced, renamed, and the directory synced.
package convert

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/aof"
	"github.com/strata-db/strata/tools/dump"
)

// Options name the AOF directory's parts; zero values take Redis's
// defaults (appenddirname appendonlydir, appendfilename appendonly.aof).
type Options struct {
	FS       vfs.FS
	DirName  string
	FileName string
	// RESPBase writes the base as RESP commands (.base.aof, as with
	// aof-use-rdb-preamble no) instead of a copy of the RDB (.base.rdb).
	RESPBase bool
	Tick     func(offset, size int64)
}

func (o *Options) defaults() {
	if o.FS == nil {
		o.FS = vfs.Default
	}
	if o.DirName == "" {
		o.DirName = aof.DefaultDirName
	}
	if o.FileName == "" {
		o.FileName = aof.DefaultFileName
	}
}

// ErrExists refuses to overwrite an AOF directory that has a manifest.
var ErrExists = errors.New("convert: the AOF directory already has a manifest")

// RDBToAOF seeds dataDir/<DirName> from the RDB file at rdbPath and returns
// the directory it wrote.
func RDBToAOF(rdbPath, dataDir string, opts Options) (string, error) {
	opts.defaults()
	fs := opts.FS
	dir := filepath.Join(dataDir, opts.DirName)
	if _, err := fs.Stat(filepath.Join(dir, aof.ManifestName(opts.FileName))); err == nil {
		return dir, fmt.Errorf("%w: %s", ErrExists, dir)
	}
	if err := fs.MkdirAll(dir, 0o755); err != nil {
		return dir, err
	}
	base := aof.BaseName(opts.FileName, 1, !opts.RESPBase)
	incr := aof.IncrName(opts.FileName, 1)
	err := publish(fs, dir, base, func(w io.Writer) error { return writeBase(rdbPath, w, opts) })
	if err == nil {
		err = publish(fs, dir, incr, func(io.Writer) error { return nil })
	}
	if err != nil {
		return dir, err
	}
	// NB: the manifest goes last: until it exists the directory holds no
	// AOF at all, so a crash halfway leaves nothing a server would load.
	m := &aof.Manifest{Base: &aof.Info{Name: base, Seq: 1, Type: aof.TypeBase},
		Incr: []aof.Info{{Name: incr, Seq: 1, Type: aof.TypeIncr}}, BaseSeq: 1, IncrSeq: 1}
	return dir, publish(fs, dir, aof.ManifestName(opts.FileName), func(w io.Writer) error {
		_, err := w.Write(m.Marshal())
		return err
	})
}

func writeBase(rdbPath string, w io.Writer, opts Options) error {
	if opts.RESPBase {
		_, err := dump.DumpRDB(opts.FS, rdbPath, w, dump.Options{Format: dump.RESP, Filter: dump.AllDBs, Tick: opts.Tick})
		return err
	}
	f, err := opts.FS.Open(rdbPath)
	if err != nil {
		return err
	}
	defer f.Close()
	// A copy, not a re-encoding: the checker below proves it is sound.
	_, err = io.Copy(w, f)
	return err
}

// publish writes name in dir through a temporary file.
func publish(fs vfs.FS, dir, name string, write func(io.Writer) error) error {
	tmp := filepath.Join(dir, "temp-convert-"+name)
	f, err := fs.Create(tmp, vfs.WriteCategoryUnspecified)
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = fs.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		fs.Remove(tmp)
		return err
	}
	return syncDir(fs, dir)
}

func syncDir(fs vfs.FS, dir string) error {
	d, err := fs.OpenDir(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
