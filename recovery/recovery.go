// Package recovery turns a data directory into a loaded engine at startup:
// it reads the AOF manifest (upgrading a legacy single-file AOF first, as
// Redis 7 does), loads the base (an RDB image, with RESP possibly after it,
// or RESP alone), replays the INCR files in manifest order and decides what
// to do with damage (docs/durability.md):
//
//	manifest ──▶ base (.rdb: RDB preamble [+ RESP] | .aof: RESP) ──▶ incr 1..n ──▶ ready
//	                                                   │
//	torn tail of the last incr file, aof-load-truncated yes:
//	  the cut bytes are copied aside (<file>.torn-<offset>), the file is cut
//	  back to its last complete command, the load goes on
//	zeros after a file's last command (a blank tail: space the log had
//	  reserved, aof.TornTailError.Blank): skipped in any file, whatever
//	  aof-load-truncated says; the log writes into the last file's
//	anything else (torn elsewhere, garbage, missing file, bad RDB):
//	  an error naming file and offset and the repair command
//
// Concurrency: Recover runs before the server serves anyone; it holds the
// engine lock throughout. Every file operation goes through Options.FS.
package recovery

import (
	"errors"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/aof"
	"github.com/strata-db/strata/engine"
)

// Options configure Recover. Zero names take Redis's defaults.
type Options struct {
	FS      vfs.FS
	DataDir string // Redis's "dir"
	// DirName and FileName are appenddirname and appendfilename.
	DirName, FileName string
	// DisableAutoGC is aof-disable-auto-gc.
	DisableAutoGC bool
	// Truncated is aof-load-truncated: accept a torn tail in the last file.
	Truncated bool
	// Engine receives the data. REQUIRES: empty, not yet shared.
	Engine *engine.Engine
	// Logf, if set, receives the load's progress (about once a second for
	// big logs) and what was found and dropped.
	Logf func(format string, args ...any)
	// ProgressInterval is how often progress is logged; default 1s.
	ProgressInterval time.Duration
	// Function receives each function library of an RDB preamble; when
	// nil, libraries are counted and dropped (rdb.LoadOptions.Function).
	Function func(library string) error
	// Command, if set, is offered every replayed command first and runs
	// those that live outside the engine (FUNCTION LOAD, DELETE, FLUSH,
	// RESTORE): it reports whether it ran args. Without it such a command
	// stops the load.
	Command func(args [][]byte) (bool, error)
}

// Report says what Recover found and did.
type Report struct {
	// Dir is the opened AOF directory, ready for OpenForAppend.
	Dir *aof.Dir
	// Empty: the manifest listed nothing; the dataset is empty and a base
	// must be written before appending (as Redis does at start).
	Empty bool
	// Upgraded: a legacy single-file AOF was moved into the directory.
	Upgraded bool
	// Files are the files replayed, in order.
	Files []string
	// Preamble: the base was an RDB image.
	Preamble bool
	// Commands counts the commands replayed; Keys is the dataset's size
	// after the load (all databases).
	Commands int64
	Keys     int64
	// Torn is the torn tail dropped from the last file (nil if none);
	// KeptAside names the file that holds the dropped bytes.
	Torn      *aof.TornTailError
	KeptAside string
	// Blank are the blank tails skipped, left in their files.
	Blank    []*aof.TornTailError
	Duration time.Duration
}

// ErrRepair wraps every load error that a repair tool can fix; the error
// text names the command to run.
var ErrRepair = errors.New("recovery: the append only file is damaged")

// Recover loads the AOF directory into opts.Engine. On error the engine may
// hold part of the data and must be discarded.
func Recover(opts Options) (*Report, error) {
	start := time.Now()
	legacy := legacyFileExists(opts)
	d, err := aof.OpenDir(aof.DirOptions{FS: opts.FS, DataDir: opts.DataDir, DirName: opts.DirName,
		FileName: opts.FileName, DisableAutoGC: opts.DisableAutoGC})
	if err != nil {
		return nil, err
	}
	rep := &Report{Dir: d, Empty: d.Empty(), Upgraded: legacy && !legacyFileExists(opts)}
	if rep.Empty {
		return rep, nil
	}
	e := opts.Engine
	e.Lock()
	defer e.Unlock()
	e.SetLoading(true)
	defer e.SetLoading(false)
	h := newReplayer(e, opts, rep)
	lr, err := d.Load(rdbLoader{e: e, rep: rep, opts: opts}, opts.Truncated, h)
	rep.Commands, rep.Blank = lr.Commands, lr.Blank
	for _, b := range lr.Blank {
		logf(opts, "AOF %s: skipped %d bytes of zeros after its last command at offset %d "+
			"(space reserved ahead of the log's writes; no command was begun there)", b.File, b.Size-b.Offset, b.Offset)
	}
	if err != nil {
		return rep, describe(d, opts, err)
	}
	if lr.Torn != nil {
		if err := dropTornTail(d, opts, rep, lr.Torn); err != nil {
			return rep, err
		}
	}
	for i := 0; i < e.NumDBs(); i++ {
		rep.Keys += int64(e.DB(i).Len())
	}
	rep.Duration = time.Since(start)
	logf(opts, "DB loaded from append only file: %.3f seconds (%d commands, %d keys, files %v)",
		rep.Duration.Seconds(), rep.Commands, rep.Keys, rep.Files)
	return rep, nil
}

func legacyFileExists(opts Options) bool {
	name := opts.FileName
	if name == "" {
		name = aof.DefaultFileName
	}
	_, err := opts.FS.Stat(opts.FS.PathJoin(opts.DataDir, name))
	return err == nil
}

func logf(opts Options, format string, args ...any) {
	if opts.Logf != nil {
		opts.Logf(format, args...)
	}
}
