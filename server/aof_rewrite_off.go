package server

import (
	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/aof"
)

// aofRewriteOffLocked serves BGREWRITEAOF while appendonly is off: like
// Redis 7.0, it still writes the append only directory (a new base of the
// dataset, a manifest) so that the files are current, and no log is kept
// afterwards. NB: the base is written synchronously under the writer
// order; Redis does it in a child. REQUIRES: the engine lock.
func (s *Server) aofRewriteOffLocked() error {
	st := s.aofSt()
	d, err := aof.OpenDir(aof.DirOptions{FS: st.fs, DataDir: s.cfg.Get("dir"), DirName: s.cfg.Get("appenddirname"),
		FileName: s.cfg.Get("appendfilename"), DisableAutoGC: s.cfg.Bool("aof-disable-auto-gc")})
	if err != nil {
		return err
	}
	f, err := d.NewIncr()
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	bw := s.newBaseWriter()
	bw.resolve()
	return d.InstallBase(bw.preamble, func(bf vfs.File) error { return bw.write(bf) })
}
