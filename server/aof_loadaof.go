package server

import (
	"fmt"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/recovery"
)

func init() {
	extraDebug["loadaof"] = debugLoadAOF
}

// debugLoadAOF is DEBUG LOADAOF: write out what the log holds, then empty
// the dataset and load it back from the append only files, as Redis does.
// The files are read into a fresh engine whose data then replaces the live
// one, all inside the writer order (the command holds it). Unlike Redis,
// which exits when the files cannot be loaded, the error is the reply and
// the dataset is left as it was.
func debugLoadAOF(c *engine.Ctx) {
	s := c.Client.(*client).s
	st := s.aofSt()
	if st.on {
		s.aofHandOffLocked()
		if ep := st.epoch.Load(); ep != nil {
			if err := ep.w.WaitWritten(c.E.LSN()); err != nil {
				c.W.Error("ERR DEBUG LOADAOF: the append only file could not be written: " + err.Error())
				return
			}
		}
	}
	tmp := engine.New(engine.Options{Databases: c.E.NumDBs(), Now: s.now, Config: c.E.Config()})
	// As Redis empties the dataset with its functions before loading.
	s.scripts().FlushLibraries()
	_, err := recovery.Recover(recovery.Options{FS: st.fs, DataDir: s.cfg.Get("dir"),
		DirName: s.cfg.Get("appenddirname"), FileName: s.cfg.Get("appendfilename"),
		DisableAutoGC: true, Truncated: s.cfg.Bool("aof-load-truncated"), Engine: tmp,
		Logf:     func(f string, a ...any) { s.log.Info(fmt.Sprintf(f, a...)) },
		Function: s.loadFunctionLibrary(false), Command: s.replayServerCommand})
	if err != nil {
		c.W.Error("ERR DEBUG LOADAOF: " + err.Error())
		return
	}
	c.E.AdoptData(tmp)
	c.E.Dirty = 0
	c.NoPropagate()
	s.log.Warn("Append Only File loaded by DEBUG LOADAOF")
	c.W.OK()
}
