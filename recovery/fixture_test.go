package recovery

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/aof"
	"github.com/strata-db/strata/engine"
)

// copyFixture copies aof/testdata/<name> (files written by redis-server
// 7.0.15) into a fresh MemFS at /data.
func copyFixture(t testing.TB, name string) *vfs.MemFS {
	t.Helper()
	mem := vfs.NewMem()
	var walk func(src, dst string)
	walk = func(src, dst string) {
		names, err := vfs.Default.List(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := mem.MkdirAll(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			s, d := vfs.Default.PathJoin(src, n), mem.PathJoin(dst, n)
			if st, err := vfs.Default.Stat(s); err == nil && st.IsDir() {
				walk(s, d)
				continue
			}
			if err := vfs.CopyAcrossFS(vfs.Default, s, mem, d); err != nil {
				t.Fatal(err)
			}
		}
	}
	walk(vfs.Default.PathJoin("..", "aof", "testdata", name), "/data")
	return mem
}

func recoverFS(t testing.TB, fs vfs.FS, truncated bool) (*engine.Engine, *Report, error) {
	t.Helper()
	e := engine.New(engine.Options{})
	rep, err := Recover(Options{FS: fs, DataDir: "/data", Truncated: truncated, Engine: e,
		Logf: func(f string, a ...any) { t.Logf(f, a...) }})
	return e, rep, err
}

func size(t testing.TB, fs vfs.FS, name string) int64 {
	t.Helper()
	st, err := fs.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func TestRecoverRedisFixtures(t *testing.T) {
	for _, tc := range []struct {
		fixture  string
		preamble bool
	}{
		{"preamble", true}, {"multi-incr", true}, {"resp-base", false}, {"history", true},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			e, rep, err := recoverFS(t, copyFixture(t, tc.fixture), true)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Keys == 0 || rep.Torn != nil || rep.Preamble != tc.preamble {
				t.Fatalf("report %+v", rep)
			}
			_ = e
		})
	}
}

// TestRecoverLegacyFileUpgrade: an old single-file AOF with RDB preamble is
// moved into the directory and loads to the same dataset as the
// multi-part files it was made from.
func TestRecoverLegacyFileUpgrade(t *testing.T) {
	fs := copyFixture(t, "oldstyle-preamble")
	e, rep, err := recoverFS(t, fs, true)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Upgraded || !rep.Preamble {
		t.Fatalf("report %+v", rep)
	}
	if _, err := fs.Stat("/data/appendonlydir/appendonly.aof"); err != nil {
		t.Fatal("legacy file not moved:", err)
	}
	ref, _, err := recoverFS(t, copyFixture(t, "preamble"), true)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.Digest(), ref.Digest(); got != want {
		t.Fatalf("digest %s, want %s", got, want)
	}
}

func TestRecoverEmptyDir(t *testing.T) {
	fs := vfs.NewMem()
	_ = fs.MkdirAll("/data", 0o755)
	_, rep, err := recoverFS(t, fs, true)
	if err != nil || !rep.Empty {
		t.Fatalf("rep %+v err %v", rep, err)
	}
}

// TestRecoverTornTail: a torn last command is dropped only with
// aof-load-truncated yes, the cut bytes are kept aside and the file is cut
// back; without it, startup fails naming file, offset and the repair tool.
func TestRecoverTornTail(t *testing.T) {
	const incr = "/data/appendonlydir/appendonly.aof.2.incr.aof"
	fs := copyFixture(t, "truncated-tail")
	_, _, err := recoverFS(t, fs, false)
	if !errors.Is(err, ErrRepair) || !strings.Contains(err.Error(), "appendonly.aof.2.incr.aof") ||
		!strings.Contains(err.Error(), "redis-check-aof --fix") {
		t.Fatalf("err %v", err)
	}
	if size(t, fs, incr) != 1698 {
		t.Fatal("a refused load changed the file")
	}
	_, rep, err := recoverFS(t, fs, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Torn == nil || rep.KeptAside == "" {
		t.Fatalf("report %+v", rep)
	}
	off := rep.Torn.Offset
	if got := size(t, fs, incr); got != off {
		t.Fatalf("file is %d bytes, want cut to %d", got, off)
	}
	if got := size(t, fs, "/data/appendonlydir/"+rep.KeptAside); got != 1698-off {
		t.Fatalf("kept aside %d bytes, want %d", got, 1698-off)
	}
	// The repaired directory now loads cleanly even without truncation.
	if _, rep, err := recoverFS(t, fs, false); err != nil || rep.Torn != nil {
		t.Fatalf("second load: %+v %v", rep, err)
	}
}

func TestRecoverRefusesDamage(t *testing.T) {
	for _, tc := range []struct{ fixture, want string }{
		{"truncated-not-last", "only the last file may be truncated"},
		{"corrupt-middle", "bad file format"},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			_, _, err := recoverFS(t, copyFixture(t, tc.fixture), true)
			if !errors.Is(err, ErrRepair) || !strings.Contains(err.Error(), tc.want) ||
				!strings.Contains(err.Error(), "redis-check-aof --fix /data/appendonlydir/appendonly.aof.manifest") {
				t.Fatalf("err %v", err)
			}
			var ce *aof.CorruptionError
			if errors.As(err, &ce) && ce.File == "" {
				t.Fatal("corruption without a file name")
			}
		})
	}
}

// Zeros after the last command of a file (the space Strata's log reserves
// ahead of its writes, left by a crash) load in any file even with
// aof-load-truncated no, are reported, and are left where they are: nothing
// is cut, nothing kept aside.
func TestRecoverBlankTails(t *testing.T) {
	fs := copyFixture(t, "multi-incr")
	clean, _, err := recoverFS(t, copyFixture(t, "multi-incr"), false)
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"appendonly.aof.2.incr.aof", "appendonly.aof.3.incr.aof"}
	for _, name := range files {
		path := "/data/appendonlydir/" + name
		f, err := fs.OpenReadWrite(path, vfs.WriteCategoryUnspecified)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt(make([]byte, 10000), size(t, fs, path)); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	e, rep, err := recoverFS(t, fs, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Blank) != 2 || rep.Blank[0].File != files[0] || rep.Blank[1].File != files[1] || rep.Torn != nil {
		t.Fatalf("blank %v, torn %v; want both files' zeros reported, nothing torn", rep.Blank, rep.Torn)
	}
	for _, b := range rep.Blank {
		if got := size(t, fs, "/data/appendonlydir/"+b.File); got != b.Offset+10000 {
			t.Fatalf("%s is %d bytes after the load, want its zeros left (%d)", b.File, got, b.Offset+10000)
		}
	}
	if names, _ := fs.List("/data/appendonlydir"); len(names) != 4 {
		t.Fatalf("directory holds %v: nothing may be kept aside", names)
	}
	if got, want := e.DB(0).Len(), clean.DB(0).Len(); got != want || rep.Keys == 0 {
		t.Fatalf("%d keys in db 0, want %d as without the zeros", got, want)
	}
}

// A command cut short before the log's reserved zeros is a torn tail: it
// is cut with them, and what is kept aside is the cut command without the
// zeros.
func TestRecoverTornBeforeZerosKeepsNoZeros(t *testing.T) {
	const incr = "/data/appendonlydir/appendonly.aof.3.incr.aof"
	fs := copyFixture(t, "multi-incr")
	end := size(t, fs, incr)
	cut := "*3\r\n$3\r\nSET\r\n$1\r\nz\r\n$5\r\nhel"
	f, err := fs.OpenReadWrite(incr, vfs.WriteCategoryUnspecified)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(append([]byte(cut), make([]byte, 20000)...), end); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, rep, err := recoverFS(t, fs, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Torn == nil || rep.Torn.Offset != end || len(rep.Blank) != 0 {
		t.Fatalf("torn %+v, blank %v; want torn at %d", rep.Torn, rep.Blank, end)
	}
	if got := size(t, fs, incr); got != end {
		t.Fatalf("file is %d bytes, want cut to %d", got, end)
	}
	aside, err := fs.Open("/data/appendonlydir/" + rep.KeptAside)
	if err != nil {
		t.Fatal(err)
	}
	defer aside.Close()
	got, err := io.ReadAll(aside)
	if err != nil || string(got) != cut {
		t.Fatalf("kept aside %q (%v), want the cut command %q", got, err, cut)
	}
}
