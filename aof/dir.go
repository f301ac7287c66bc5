package aof

import (
	"fmt"
	"io"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// DirOptions locate a multi-part AOF. Zero names take Redis's defaults.
type DirOptions struct {
	FS      vfs.FS
	DataDir string // Redis's "dir"
	// DirName is appenddirname (default "appendonlydir"), FileName is
	// appendfilename (default "appendonly.aof"); both plain names.
	DirName, FileName string
	// DisableAutoGC is aof-disable-auto-gc: keep history files.
	DisableAutoGC bool
}

// Dir is an AOF directory and its manifest. Its methods are called from
// one goroutine (the writer order, or startup).
type Dir struct {
	opts DirOptions
	path string
	m    *Manifest
	// ends are where the commands of files with a blank tail end, as
	// Load found them.
	ends map[string]int64
	// unlistedSeq is the highest sequence number NewUnlistedIncr gave out,
	// unlisted the files it made that no manifest lists yet.
	unlistedSeq int64
	unlisted    []string
}

// OpenDir reads the manifest, if any, and upgrades a legacy single-file AOF
// (DataDir/appendonly.aof) into the multi-part layout as Redis 7 does.
func OpenDir(opts DirOptions) (*Dir, error) {
	if opts.DirName == "" {
		opts.DirName = DefaultDirName
	}
	if opts.FileName == "" {
		opts.FileName = DefaultFileName
	}
	d := &Dir{opts: opts, path: opts.FS.PathJoin(opts.DataDir, opts.DirName), m: &Manifest{}}
	dirExists := exists(opts.FS, d.path)
	if dirExists && exists(opts.FS, d.file(ManifestName(opts.FileName))) {
		m, err := d.readManifest()
		if err != nil {
			return nil, err
		}
		d.m = m
	}
	if d.needsUpgrade(dirExists) {
		if err := d.upgrade(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Path is the AOF directory.
func (d *Dir) Path() string { return d.path }

// Manifest returns a copy of the current manifest.
func (d *Dir) Manifest() *Manifest { return d.m.Clone() }

// Empty reports whether the manifest lists nothing to load.
func (d *Dir) Empty() bool { return d.m.Base == nil && len(d.m.Incr) == 0 }

// Load replays the directory's files into h; see Load.
func (d *Dir) Load(rdb RDBLoader, truncated bool, h Handler) (LoadReport, error) {
	rep, err := Load(LoadOptions{FS: d.opts.FS, Dir: d.path, RDB: rdb, Truncated: truncated}, d.m, h)
	for _, b := range rep.Blank {
		if d.ends == nil {
			d.ends = map[string]int64{}
		}
		d.ends[b.File] = b.Offset
	}
	return rep, err
}

// Size is how many bytes of the named file hold its contents: its size,
// less a blank tail that Load found.
func (d *Dir) Size(name string) (int64, error) {
	if end, ok := d.ends[name]; ok {
		return end, nil
	}
	st, err := d.opts.FS.Stat(d.file(name))
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

func (d *Dir) file(name string) string { return d.opts.FS.PathJoin(d.path, name) }

func (d *Dir) readManifest() (*Manifest, error) {
	name := ManifestName(d.opts.FileName)
	f, err := d.opts.FS.Open(d.file(name))
	if err != nil {
		return nil, fmt.Errorf("aof: can't open the AOF manifest file %s for reading: %w", name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("aof: reading %s: %w", name, err)
	}
	return ParseManifest(data)
}

// persist publishes m as the manifest and adopts it. On failure the
// previous manifest stays in force, on disk and in memory.
func (d *Dir) persist(m *Manifest) error {
	p := d.opts.FileName
	if err := writeFileAtomic(d.opts.FS, d.path, ManifestName(p), TempManifestName(p), m.Marshal()); err != nil {
		return err
	}
	d.m = m
	return nil
}

func exists(fs vfs.FS, name string) bool {
	_, err := fs.Stat(name)
	return err == nil
}
