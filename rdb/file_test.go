package rdb

import (
	"errors"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/crashtest"
)

// saveDataset runs two saves through fs: dataset a, then dataset b over it.
// It reports whether a, then b, were acknowledged (SaveFile returned nil)
// before the recorder's crash point.
func saveDataset(t *testing.T, r *crashtest.Recorder, a, b *engine.Engine) (ackA, ackB bool) {
	t.Helper()
	// The data directory itself must survive: sync its parent once.
	if err := r.FS.MkdirAll("data", 0o755); err != nil {
		t.Fatal(err)
	}
	root, err := r.FS.OpenDir("")
	if err != nil {
		t.Fatal(err)
	}
	if err := root.Sync(); err != nil {
		t.Fatal(err)
	}
	root.Close()
	for i, e := range []*engine.Engine{a, b} {
		e.Lock()
		snap := e.Snapshot()
		opts := WriteOptions{Encoder: EncoderOptionsFor(e.Config(), true, true)}
		e.Unlock()
		if _, err := SaveFile(r.FS, "data", "dump.rdb", snap, opts, FileOptions{}); err != nil {
			t.Fatal(err)
		}
		ack := !r.Crashed()
		if i == 0 {
			ackA = ack
		} else {
			ackB = ack
		}
	}
	return ackA, ackB
}

func digest(e *engine.Engine) string {
	e.Lock()
	defer e.Unlock()
	return e.Digest()
}

// A crash at every file operation of two successive saves leaves
// dump.rdb absent (only before the first save was acknowledged), or the
// first dataset whole, or the second one whole: never a torn file.
func TestSaveFileCrashAtEveryOperation(t *testing.T) {
	t.Logf("seed %d", *seed)
	rng := rand.New(rand.NewPCG(uint64(*seed), 9))
	now := time.UnixMilli(1_700_000_000_000)
	a, b := testEngine(&now), testEngine(&now)
	randomDataset(t, a, rng, 60)
	randomDataset(t, b, rng, 150)
	digests := map[string]string{digest(a): "a", digest(b): "b"}
	count := crashtest.New(-1, vfs.CrashCloneCfg{})
	saveDataset(t, count, a, b)
	total := count.Ops()
	if total < 10 {
		t.Fatalf("only %d operations", total)
	}
	for k := 0; k <= total; k++ {
		for _, pct := range []int{0, 50, 100} {
			cfg := vfs.CrashCloneCfg{UnsyncedDataPercent: pct}
			if pct > 0 {
				cfg.RNG = rand.New(rand.NewPCG(uint64(*seed), uint64(k)))
			}
			r := crashtest.New(k, cfg)
			ackA, ackB := saveDataset(t, r, a, b)
			clone := r.Clone()
			if clone == nil {
				clone = r.Mem.CrashClone(cfg)
			}
			got := recovered(clone, &now, digests)
			switch {
			case got == "" && ackA:
				t.Fatalf("crash at op %d/%d (unsynced %d%%): dump.rdb lost after an acknowledged save", k, total, pct)
			case got == "a" && ackB:
				t.Fatalf("crash at op %d/%d (unsynced %d%%): old dataset after the new save was acknowledged", k, total, pct)
			case got != "" && got != "a" && got != "b":
				t.Fatalf("crash at op %d/%d (unsynced %d%%): %s", k, total, pct, got)
			}
		}
	}
}

// recovered loads data/dump.rdb from fs and names the dataset it holds
// (from names, by digest), "" when the file is absent, or what is wrong.
func recovered(fs vfs.FS, now *time.Time, names map[string]string) string {
	e := testEngine(now)
	e.Lock()
	_, err := LoadFile(fs, fs.PathJoin("data", "dump.rdb"), e, LoadOptions{})
	e.Unlock()
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		return "load error: " + err.Error()
	}
	if name, ok := names[digest(e)]; ok {
		return name
	}
	return "a dataset that was never saved"
}
