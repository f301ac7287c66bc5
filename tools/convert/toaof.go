package convert

import (
	"io"
	"path/filepath"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/rdb"
	"github.com/strata-db/strata/recovery"
)

// AOFToRDB replays the AOF directory of dataDir (DirName inside it) and
// writes the dataset to rdbPath. A damaged log is refused, as a server
// with aof-load-truncated no would: run check-aof --fix first.
func AOFToRDB(dataDir, rdbPath string, opts Options) (keys int64, err error) {
	opts.defaults()
	e := engine.New(engine.Options{})
	rep, err := recovery.Recover(recovery.Options{FS: opts.FS, DataDir: dataDir, DirName: opts.DirName,
		FileName: opts.FileName, DisableAutoGC: true, Engine: e})
	if err != nil {
		return 0, err
	}
	e.Lock()
	snap := e.Snapshot()
	e.Unlock()
	dir, name := filepath.Split(rdbPath)
	if dir == "" {
		dir = "."
	}
	err = publish(opts.FS, dir, name, func(w io.Writer) error {
		return rdb.WriteSnapshot(w, snap, rdb.WriteOptions{Encoder: rdb.EncoderOptionsFor(engine.DefaultConfig(), true, true)})
	})
	return rep.Keys, err
}
