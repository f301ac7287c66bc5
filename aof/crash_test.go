package aof

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/crashtest"
	"github.com/strata-db/strata/wal"
)

// aofRun drives the AOF as the server will: effects through an Encoder
// into a wal.Writer on the last INCR file, with rewrites (new INCR file,
// rotation, new base, manifest swap, history GC) at random points.
type aofRun struct {
	attempted []string // every SET, in order
	acked     int      // how many of them were acknowledged before the crash
}

func runAOFWorkload(t *testing.T, rec *crashtest.Recorder, p wal.Policy, seed uint64, maxValue int, reserve int64) *aofRun {
	rng := rand.New(rand.NewPCG(seed, 3))
	fs := rec.FS
	if reserve > 0 {
		fs = crashtest.ReservingFS(fs)
	}
	must(t, fs.MkdirAll("/data", 0o755))
	must(t, syncDir(fs, "/")) // the data directory exists before the server starts
	d, err := OpenDir(DirOptions{FS: fs, DataDir: "/data", DisableAutoGC: rng.IntN(2) == 0})
	must(t, err)
	must(t, d.InstallBase(false, writeString("")))
	f, size, err := d.OpenForAppend()
	must(t, err)
	w := wal.NewWriter(wal.Options{File: f, Offset: size, Policy: p, ReserveStep: reserve})
	enc := NewEncoder(false, nil)
	run := &aofRun{}
	snapshot := -1 // commands covered by the rewrite in progress
	for i := 0; i < 30; i++ {
		arg := fmt.Sprintf("k%d=%s", i, randBytes(rng, rng.IntN(maxValue)))
		b, lsn := enc.AppendBatch(nil, []engine.Effect{{LSN: uint64(i + 1), DB: rng.IntN(3), RESP: cmd("SET", arg)}})
		must(t, w.Append(b, lsn))
		run.attempted = append(run.attempted, arg)
		if p == wal.Always {
			must(t, w.WaitDurable(lsn))
			if !rec.Crashed() {
				run.acked = i + 1
			}
		}
		switch {
		case snapshot < 0 && rng.IntN(6) == 0:
			snapshot = len(run.attempted)
			// As the server does: the manifest NewIncr writes makes the
			// current file one that is not the last, where a torn tail
			// does not load, so it is fsynced first under every policy.
			must(t, w.Sync())
			nf, err := d.NewIncr()
			must(t, err)
			must(t, w.Rotate(nf, 0))
			enc.Reset()
		case snapshot >= 0 && rng.IntN(3) == 0:
			must(t, d.InstallBase(false, writeString(respOf(run.attempted[:snapshot]))))
			snapshot = -1
		}
	}
	must(t, w.Close())
	return run
}

func respOf(args []string) string {
	var b []byte
	for _, a := range args {
		b = append(b, cmd("SET", a)...)
	}
	return string(b)
}

// replayed loads the crash clone and returns the SET arguments, in order.
func replayed(t *testing.T, fs vfs.FS) []string {
	d, err := OpenDir(DirOptions{FS: fs, DataDir: "/data"})
	if err != nil {
		t.Fatalf("open after crash: %v", err)
	}
	rec := &recorder{}
	if _, err := d.Load(nil, true, rec); err != nil {
		t.Fatalf("load after crash: %v\nmanifest %q", err, d.Manifest().Marshal())
	}
	var out []string
	for _, c := range rec.cmds {
		var name, arg string
		if _, err := fmt.Sscanf(c, "[%q %q]", &name, &arg); err != nil {
			t.Fatalf("unexpected command %s", c)
		}
		if name == "SET" {
			out = append(out, arg)
		}
	}
	return out
}

// TestCrashDuringAppendsAndRewrites crashes at every file operation and
// requires the recovered commands to be a prefix of the attempted ones that
// holds every acknowledged one: manifest swaps leave the old or the new set
// of files, and both load.
func TestCrashDuringAppendsAndRewrites(t *testing.T) {
	seed := testSeed(t)
	for _, p := range []wal.Policy{wal.Always, wal.EverySec, wal.No} {
		for _, reserve := range []int64{0, 1024} {
			t.Run(fmt.Sprintf("%s/reserve=%d", p, reserve), func(t *testing.T) {
				for s := seed; s < seed+3; s++ {
					crashDuringAppendsAndRewrites(t, p, s, reserve)
				}
			})
		}
	}
}

func crashDuringAppendsAndRewrites(t *testing.T, p wal.Policy, s uint64, reserve int64) {
	count := crashtest.New(-1, vfs.CrashCloneCfg{})
	runAOFWorkload(t, count, p, s, 200, reserve)
	for k := 0; k < count.Ops(); k++ {
		rec := crashtest.New(k, vfs.CrashCloneCfg{})
		run := runAOFWorkload(t, rec, p, s, 200, reserve)
		clone := rec.Clone()
		if clone == nil {
			continue
		}
		got := replayed(t, clone)
		if len(got) < run.acked || len(got) > len(run.attempted) {
			t.Fatalf("seed %d crash at op %d: %d commands recovered, %d acknowledged, %d attempted",
				s, k, len(got), run.acked, len(run.attempted))
		}
		for i := range got {
			if got[i] != run.attempted[i] {
				t.Fatalf("seed %d crash at op %d: command %d is %q, want %q", s, k, i, got[i], run.attempted[i])
			}
		}
		if reserve > 0 {
			appendAfterCrash(t, clone, got, reserve)
		}
	}
}

// appendAfterCrash restarts on a crash image as the server does (load,
// then append to the last file where its commands end, into the zeros a
// crash may have left) and checks that the next load has the old commands
// and then the new ones.
func appendAfterCrash(t *testing.T, fs vfs.FS, before []string, reserve int64) {
	t.Helper()
	d, err := OpenDir(DirOptions{FS: fs, DataDir: "/data"})
	must(t, err)
	lr, err := d.Load(nil, true, &recorder{})
	must(t, err)
	if lr.Torn != nil {
		must(t, d.Truncate(lr.Torn.File, lr.Torn.Offset))
	}
	if d.Empty() { // as the server starts with nothing to load
		must(t, d.InstallBase(false, writeString("")))
	}
	f, size, err := d.OpenForAppend()
	must(t, err)
	w := wal.NewWriter(wal.Options{File: f, Offset: size, Policy: wal.Always, ReserveStep: reserve})
	enc := NewEncoder(false, nil)
	want := append([]string(nil), before...)
	for i := 0; i < 3; i++ {
		arg := fmt.Sprintf("after%d", i)
		b, lsn := enc.AppendBatch(nil, []engine.Effect{{LSN: uint64(i + 1), RESP: cmd("SET", arg)}})
		must(t, w.Append(b, lsn))
		want = append(want, arg)
	}
	must(t, w.Close())
	got := replayed(t, fs)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after appending to the recovered log: %q, want %q", got, want)
	}
}

// TestCrashLosesUnsyncedPages crashes at every file operation of a log
// that spans many pages, keeping a random share of the unsynced pages of
// each file, so that a later page can survive an earlier one (a hole).
// Every image must load with aof-load-truncated yes and keep every
// acknowledged command.
func TestCrashLosesUnsyncedPages(t *testing.T) {
	seed := testSeed(t)
	holes := 0
	for s := seed; s < seed+6; s++ {
		reserve := int64(s%2) * 8192 // half the seeds reserve the log's space
		// A third of the seeds never fsync but at rotation and close, so
		// that a rewrite starts with unsynced bytes in the file it leaves.
		p := wal.Always
		if (s-seed)%3 == 2 {
			p = wal.No
		}
		if lostPages(t, s, p, reserve) {
			holes++
		}
	}
	if holes == 0 {
		t.Fatal("no crash image lost unsynced pages; the test does not exercise holes")
	}
}

// lostPages runs the crashes of one seed of TestCrashLosesUnsyncedPages
// and reports whether an image kept a later page but not an earlier one.
func lostPages(t *testing.T, s uint64, p wal.Policy, reserve int64) (holes bool) {
	t.Logf("seed %d, %s, reserve %d", s, p, reserve)
	count := crashtest.New(-1, vfs.CrashCloneCfg{})
	runAOFWorkload(t, count, p, s, 3000, reserve)
	rng := rand.New(rand.NewPCG(s, 4))
	for k := 0; k < count.Ops(); k++ {
		cfg := vfs.CrashCloneCfg{UnsyncedDataPercent: 1 + rng.IntN(99), RNG: rand.New(rand.NewPCG(s, uint64(k)))}
		rec := crashtest.New(k, cfg)
		run := runAOFWorkload(t, rec, p, s, 3000, reserve)
		clone := rec.Clone()
		if clone == nil {
			continue
		}
		d, err := OpenDir(DirOptions{FS: clone, DataDir: "/data"})
		must(t, err)
		lr, err := d.Load(nil, true, &recorder{})
		if err != nil {
			t.Fatalf("seed %d, %s, crash at op %d: %v", s, p, k, err)
		}
		if lr.Torn != nil && lr.Torn.Zeros && lr.Torn.Size > lr.Torn.Offset+1 {
			holes = true
		}
		got := replayed(t, clone)
		if len(got) < run.acked || len(got) > len(run.attempted) {
			t.Fatalf("seed %d, %s, crash at op %d: %d commands recovered, %d acknowledged, %d attempted", s, p, k,
				len(got), run.acked, len(run.attempted))
		}
		for i := range got {
			if got[i] != run.attempted[i] {
				t.Fatalf("seed %d, %s, crash at op %d: command %d is %q, want %q", s, p, k, i, got[i], run.attempted[i])
			}
		}
	}
	return holes
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
