package server

import (
	"bytes"
	"errors"
	"io"
	"path"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
	"github.com/strata-db/strata/aof"
)

// TestAOFRewriteSyncsTheFileItLeaves: once a rewrite's manifest names a
// new INCR file, the one before it is no longer the last, and a torn tail
// there stops recovery (only the last file may be cut). So under every
// policy, before each file operation while rewrites run, the disk as a
// crash would leave it (only what was fsynced) must hold every INCR file
// but the last exactly as written. Under everysec and no the file being
// left used to hold bytes no fsync had covered yet, and a crash could tear
// them.
func TestAOFRewriteSyncsTheFileItLeaves(t *testing.T) {
	for _, policy := range []string{"always", "everysec", "no"} {
		t.Run(policy, func(t *testing.T) {
			mem := vfs.NewCrashableMem()
			var (
				armed          atomic.Bool
				mu             sync.Mutex
				checked, fails int
			)
			fs := errorfs.Wrap(mem, errorfs.InjectorFunc(func(op errorfs.Op) error {
				if !armed.Load() {
					return nil
				}
				mu.Lock()
				defer mu.Unlock()
				n, msg := unsyncedInLeftFiles(mem)
				checked += n
				if msg != "" {
					if fails++; fails <= 3 {
						t.Errorf("before %v %s: %s", op.Kind, op.Path, msg)
					}
				}
				return nil
			}))
			s := startAOF(t, fs, "--appendfsync", policy)
			c := dial(t, s)
			armed.Store(true)
			for round := 0; round < 4; round++ {
				for i := 0; i < 30; i++ {
					c.expect("OK", "SET", "k"+strconv.Itoa(round*30+i), "v")
				}
				c.expect("Background append only file rewriting started", "BGREWRITEAOF")
				waitRewrite(t, c)
			}
			armed.Store(false)
			stop(t, s)
			mu.Lock()
			defer mu.Unlock()
			if checked == 0 {
				t.Fatal("no crash image listed more than one INCR file: the test checked nothing")
			}
		})
	}
}

// unsyncedInLeftFiles compares, in a crash image of mem holding only what
// was fsynced, every INCR file but the last of the manifest with the live
// file. It returns how many files it compared and what differed.
func unsyncedInLeftFiles(mem *vfs.MemFS) (int, string) {
	img := mem.CrashClone(vfs.CrashCloneCfg{})
	dir := "/data/appendonlydir"
	raw, err := readAll(img, path.Join(dir, "appendonly.aof.manifest"))
	if err != nil {
		return 0, "" // no manifest yet
	}
	m, err := aof.ParseManifest(raw)
	if err != nil {
		return 0, "manifest: " + err.Error()
	}
	n := 0
	for _, in := range m.Incr[:max(len(m.Incr)-1, 0)] {
		n++
		durable, err1 := readAll(img, path.Join(dir, in.Name))
		live, err2 := readAll(mem, path.Join(dir, in.Name))
		if err1 != nil || err2 != nil {
			return n, in.Name + ": " + errors.Join(err1, err2).Error()
		}
		if !bytes.Equal(durable, live) {
			return n, in.Name + " is not the last INCR file but holds " + strconv.Itoa(len(live)-len(durable)) +
				" bytes no fsync covered (" + strconv.Itoa(len(durable)) + " of " + strconv.Itoa(len(live)) + " durable)"
		}
	}
	return n, ""
}

func readAll(fs vfs.FS, name string) ([]byte, error) {
	f, err := fs.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
