package checkaof

import (
	"fmt"
	"io"
	"path/filepath"
	"syscall"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// truncate cuts p's file at offset, first keeping what it cuts in
// "<file>.cut-<offset>" beside it (synced before the cut, so a crash in
// between loses nothing).
func (ck *Checker) truncate(p *Part, offset int64, st Status) (Status, error) {
	cut := fmt.Sprintf("%s.cut-%d", p.Path, offset)
	n, err := ck.saveTail(p.Path, cut, offset)
	if err != nil {
		return 0, ck.exit("Failed to keep the bytes to cut from AOF %s: %v\n", p.Name, err)
	}
	p.CutFile, p.CutBytes = cut, n
	if err := ck.cut(p.Path, offset); err != nil {
		if st == StatusTimestampTruncated {
			return 0, ck.exit("Failed to truncate AOF %s to timestamp %d\n", p.Path, ck.opts.TruncateToTimestamp)
		}
		return 0, ck.exit("Failed to truncate AOF %s\n", p.Name)
	}
	p.OkUpTo, p.Status = offset, st
	return st, nil
}

func (ck *Checker) saveTail(path, to string, offset int64) (int64, error) {
	fs := ck.opts.FS
	in, err := fs.Open(path)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return 0, err
	}
	out, err := fs.Create(to, vfs.WriteCategoryUnspecified)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, io.NewSectionReader(in, offset, st.Size()-offset))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncDir(fs, filepath.Dir(to))
	}
	return n, err
}

// cut truncates in place when the file system gives a descriptor (a real
// disk, as redis-check-aof does); otherwise it rewrites the prefix under a
// temporary name and renames it over the file.
func (ck *Checker) cut(path string, offset int64) error {
	fs := ck.opts.FS
	f, err := fs.OpenReadWrite(path, vfs.WriteCategoryUnspecified)
	if err != nil {
		return err
	}
	if fd := f.Fd(); fd != vfs.InvalidFd {
		err = syscall.Ftruncate(int(fd), offset)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	f.Close()
	return rewritePrefix(fs, path, offset)
}

func rewritePrefix(fs vfs.FS, path string, offset int64) error {
	in, err := fs.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := path + ".tmp-cut"
	out, err := fs.Create(tmp, vfs.WriteCategoryUnspecified)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, io.NewSectionReader(in, 0, offset))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	// The rename publishes the prefix; the directory sync makes it last.
	if err == nil {
		err = fs.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(fs, filepath.Dir(path))
	}
	return err
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
