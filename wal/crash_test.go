package wal

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/internal/crashtest"
)

// crashRun is one random workload: appends, acknowledgements and rotations,
// with what was attempted and acknowledged per file.
type crashRun struct {
	files     []string
	attempted map[string][]byte
	acked     map[string]int // bytes of the file covered by an acknowledgement
}

func runCrashWorkload(t *testing.T, rec *crashtest.Recorder, p Policy, seed uint64, step int64) *crashRun {
	rng := rand.New(rand.NewPCG(seed, 7))
	cr := &crashRun{attempted: map[string][]byte{}, acked: map[string]int{}}
	fs := rec.FS
	if step > 0 {
		fs = crashtest.ReservingFS(fs)
	}
	open := func() vfs.File {
		name := fmt.Sprintf("log.%d", len(cr.files))
		f, err := fs.Create(name, vfs.WriteCategoryUnspecified)
		if err != nil {
			t.Fatal(err)
		}
		// The file must survive a crash before its first fsync: sync the
		// directory entry (the aof layer does this for real files).
		syncDir(t, rec.FS, "")
		cr.files = append(cr.files, name)
		return f
	}
	opts := Options{File: open(), Policy: p, SyncInterval: time.Millisecond, Tick: time.Millisecond,
		MaxPostpone: 2 * time.Millisecond, ReserveStep: step}
	w := NewWriter(opts)
	for lsn := uint64(1); lsn <= 40; lsn++ {
		cur := cr.files[len(cr.files)-1]
		b := randBytes(rng, 1+rng.IntN(3000))
		if err := w.Append(b, lsn); err != nil {
			t.Fatal(err)
		}
		cr.attempted[cur] = append(cr.attempted[cur], b...)
		if rng.IntN(2) == 0 && p != No {
			if err := w.WaitDurable(lsn); err != nil {
				t.Fatal(err)
			}
			if !rec.Crashed() {
				for _, name := range cr.files {
					cr.acked[name] = len(cr.attempted[name])
				}
			}
		}
		if rng.IntN(12) == 0 {
			if err := w.Rotate(open(), 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return cr
}

// check asserts that every file in the crash clone is what was attempted,
// cut short, with unsynced blocks possibly zero (always so where space was
// reserved, and the reserved zeros after what was attempted), and that it
// holds every acknowledged byte intact.
func (cr *crashRun) check(t *testing.T, fs vfs.FS, zerosAllowed, reserved bool) {
	for _, name := range cr.files {
		want := cr.attempted[name]
		if _, err := fs.Stat(name); err != nil {
			if cr.acked[name] > 0 {
				t.Fatalf("%s with %d acknowledged bytes is gone", name, cr.acked[name])
			}
			continue
		}
		got := readFile(t, fs, name)
		if reserved && len(got) > len(want) {
			for i, c := range got[len(want):] {
				if c != 0 {
					t.Fatalf("%s: byte %d past the %d attempted is %q, want a reserved zero", name, len(want)+i, len(want), c)
				}
			}
			got = got[:len(want)]
		}
		if len(got) > len(want) || len(got) < cr.acked[name] {
			t.Fatalf("%s: %d bytes after the crash; attempted %d, acknowledged %d",
				name, len(got), len(want), cr.acked[name])
		}
		for i := range got {
			if got[i] != want[i] && (!zerosAllowed || got[i] != 0 || i < cr.acked[name]) {
				t.Fatalf("%s: byte %d is %q, want %q (acknowledged %d)", name, i, got[i], want[i], cr.acked[name])
			}
		}
	}
}

func TestCrashAtEveryOperation(t *testing.T) {
	seed := testSeed(t)
	for _, p := range []Policy{Always, EverySec, No} {
		for _, step := range []int64{0, 4096} {
			t.Run(fmt.Sprintf("%s/reserve=%d", p, step), func(t *testing.T) { crashAtEveryOperation(t, p, step, seed) })
		}
	}
}

func crashAtEveryOperation(t *testing.T, p Policy, reserve int64, seed uint64) {
	rec := crashtest.New(-1, vfs.CrashCloneCfg{})
	runCrashWorkload(t, rec, p, seed, reserve)
	total := rec.Ops()
	step := 1 + total/150 // bound the run time
	for k := 0; k < total; k += step {
		cfg := vfs.CrashCloneCfg{}
		if k%2 == 1 {
			cfg = vfs.CrashCloneCfg{UnsyncedDataPercent: 50, RNG: rand.New(rand.NewPCG(seed, uint64(k)))}
		}
		rec := crashtest.New(k, cfg)
		cr := runCrashWorkload(t, rec, p, seed, reserve)
		if clone := rec.Clone(); clone != nil {
			cr.check(t, clone, cfg.UnsyncedDataPercent > 0 || reserve > 0, reserve > 0)
		}
	}
}
