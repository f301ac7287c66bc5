package server

import (
	"fmt"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/aof"
	"github.com/strata-db/strata/recovery"
	"github.com/strata-db/strata/wal"
)

// aofOpen recovers the dataset from the AOF directory and opens the log.
func (s *Server) aofOpen() error {
	st := s.aofSt()
	rep, err := recovery.Recover(recovery.Options{FS: st.fs, DataDir: s.cfg.Get("dir"),
		DirName: s.cfg.Get("appenddirname"), FileName: s.cfg.Get("appendfilename"),
		DisableAutoGC: s.cfg.Bool("aof-disable-auto-gc"), Truncated: s.cfg.Bool("aof-load-truncated"),
		Engine: s.eng, Logf: func(f string, a ...any) { s.log.Info(fmt.Sprintf(f, a...)) },
		// NB: nothing is served yet, so the scripting state is ours.
		Function: s.loadFunctionLibrary(false), Command: s.replayServerCommand})
	if err != nil {
		return err
	}
	s.eng.Lock()
	defer s.eng.Unlock()
	if rep.Empty {
		// As Redis at start with no AOF: a base from the (empty) dataset.
		return s.aofEnableLocked(rep.Dir)
	}
	f, size, err := rep.Dir.OpenForAppend()
	if err != nil {
		return err
	}
	st.dir = rep.Dir
	st.baseSize, st.currentSize = s.aofDirSizes(rep.Dir)
	s.aofStartWriterLocked(f, size)
	return nil
}

// aofEnableLocked writes a base of the current dataset, synchronously, and
// opens a new INCR file after it (startup with nothing to load, CONFIG SET
// appendonly yes). REQUIRES: the engine lock.
// NB: Redis does this in a child; here it blocks the writer order for the
// time the base takes to write.
func (s *Server) aofEnableLocked(d *aof.Dir) error {
	st := s.aofSt()
	f, err := d.NewIncr()
	if err != nil {
		return err
	}
	bw := s.newBaseWriter()
	bw.resolve()
	var n int64
	err = d.InstallBase(bw.preamble, func(bf vfs.File) error {
		cw := &countingWriter{w: bf}
		err := bw.write(cw)
		n = cw.n
		return err
	})
	if err != nil {
		f.Close()
		return err
	}
	st.dir = d
	st.baseSize, st.currentSize = n, n
	s.aofStartWriterLocked(f, 0)
	return nil
}

// aofStartWriterLocked opens the log on f: everything the engine holds now
// is in the files already. REQUIRES: the engine lock.
func (s *Server) aofStartWriterLocked(f vfs.File, size int64) {
	st := s.aofSt()
	st.policy, _ = wal.ParsePolicy(s.cfg.Get("appendfsync"))
	w := s.aofNewWriter(f, size)
	st.epoch.Store(&aofEpoch{w: w, floor: s.eng.LSN(), ready: readyNow(), always: st.policy == wal.Always})
	st.enc = aof.NewEncoder(s.cfg.Bool("aof-timestamp-enabled"), s.now)
	st.on, st.failed, st.epochFailed = true, nil, false
	s.eng.TrackDurability(st.policy == wal.Always)
}

// aofNewWriter starts the log's writer on f, whose commands end at off.
// The writer's fsyncs are fdatasync, as Redis's: the data and the size of
// an appended file are made durable, not its times.
func (s *Server) aofNewWriter(f vfs.File, off int64) *wal.Writer {
	st := s.aofSt()
	return wal.NewWriter(wal.Options{File: f, Offset: off, Policy: st.policy, Failpoints: &st.fp,
		OnProgress: s.logProgress, ReserveStep: s.cfg.Int("strata-aof-reserve")})
}

// aofDirSizes returns the base's size and the size of base plus INCR files.
func (s *Server) aofDirSizes(d *aof.Dir) (base, total int64) {
	m := d.Manifest()
	size := func(name string) int64 {
		n, err := d.Size(name) // NB: not counting a blank tail
		if err != nil {
			return 0
		}
		return n
	}
	if m.Base != nil {
		base = size(m.Base.Name)
	}
	total = base
	for _, in := range m.Incr {
		total += size(in.Name)
	}
	return base, total
}

// aofClose flushes and fsyncs the log and closes it, for every policy.
func (s *Server) aofClose() error {
	s.eng.Lock()
	defer s.eng.Unlock()
	return s.aofStopLocked()
}

// aofStopLocked closes the log; a running rewrite is waited for so that
// its files are complete or absent. REQUIRES: the engine lock.
func (s *Server) aofStopLocked() error {
	st := s.aofSt()
	if rw := st.rw; rw != nil {
		<-rw.done
		s.aofReapRewriteLocked()
	}
	if !st.on {
		return nil
	}
	s.aofHandOffLocked()
	st.on = false
	s.eng.TrackDurability(false)
	ep := st.epoch.Load()
	err := ep.w.Close()
	st.epoch.Store(nil)
	s.logProgress() // replies held for the closed log go
	if st.epochFailed {
		return nil // already reported; the page cache holds nothing we trust
	}
	return err
}

// aofConfigChanged turns the log on and off (appendonly) and changes the
// fsync policy (appendfsync) at run time, as CONFIG SET does in Redis, and
// the step of space reserved ahead of the log (strata-aof-reserve).
func (s *Server) aofConfigChanged(name, old string) error {
	switch name {
	case "appendonly":
		return s.aofSetEnabledLocked(s.cfg.Bool("appendonly"))
	case "appendfsync":
		return s.aofSetPolicyLocked()
	case "strata-aof-reserve":
		if ep := s.aofSt().epoch.Load(); ep != nil {
			ep.w.SetReserveStep(s.cfg.Int(name))
		}
	}
	return nil
}

func (s *Server) aofSetEnabledLocked(on bool) error {
	st := s.aofSt()
	if on == st.on {
		return nil
	}
	if !on {
		return s.aofStopLocked()
	}
	d, err := aof.OpenDir(aof.DirOptions{FS: st.fs, DataDir: s.cfg.Get("dir"), DirName: s.cfg.Get("appenddirname"),
		FileName: s.cfg.Get("appendfilename"), DisableAutoGC: s.cfg.Bool("aof-disable-auto-gc")})
	if err != nil {
		return err
	}
	return s.aofEnableLocked(d)
}

// aofSetPolicyLocked switches fsync policy: the current writer is closed
// (which writes and fsyncs everything) and a new one opens a new INCR file.
func (s *Server) aofSetPolicyLocked() error {
	st := s.aofSt()
	p, _ := wal.ParsePolicy(s.cfg.Get("appendfsync"))
	if !st.on || p == st.policy || st.rw != nil || st.failed != nil {
		st.policy = p // a running rewrite or repair opens its writer with it
		return nil
	}
	s.aofHandOffLocked()
	if err := st.epoch.Load().w.Close(); err != nil {
		s.aofFailLocked(err)
		return nil
	}
	f, err := st.dir.NewIncr()
	if err != nil {
		s.aofFailLocked(err)
		return nil
	}
	s.aofStartWriterLocked(f, 0)
	return nil
}

type countingWriter struct {
	w interface{ Write([]byte) (int, error) }
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
