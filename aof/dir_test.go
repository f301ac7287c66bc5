package aof

import (
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

func manifestText(t *testing.T, fs vfs.FS) string {
	return string(readAll(t, fs, "/data/appendonlydir/appendonly.aof.manifest"))
}

func writeString(s string) func(vfs.File) error {
	return func(f vfs.File) error { _, err := f.Write([]byte(s)); return err }
}

// startedDir is a directory as a first start leaves it: base 1 (an RDB)
// and INCR file 1.
func startedDir(t *testing.T, fs vfs.FS, opts DirOptions) *Dir {
	t.Helper()
	opts.FS, opts.DataDir = fs, "/data"
	d, err := OpenDir(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.InstallBase(true, writeString("REDIS")); err != nil {
		t.Fatal(err)
	}
	f, _, err := d.OpenForAppend()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	return d
}

// A fresh directory ends like Redis's fresh-empty fixture: base 1, incr 1.
func TestDirFreshStart(t *testing.T) {
	fs := vfs.NewMem()
	_ = fs.MkdirAll("/data", 0o755)
	d, err := OpenDir(DirOptions{FS: fs, DataDir: "/data"})
	if err != nil || !d.Empty() {
		t.Fatal(err)
	}
	if err := d.InstallBase(true, writeString("REDIS0010")); err != nil {
		t.Fatal(err)
	}
	f, size, err := d.OpenForAppend()
	if err != nil || size != 0 {
		t.Fatal(err)
	}
	f.Close()
	want := string(testdata(t, "fresh-empty/appendonlydir/appendonly.aof.manifest"))
	if got := manifestText(t, fs); got != want {
		t.Fatalf("manifest %q, want %q", got, want)
	}
}

// A rewrite opens incr 2, installs base 2 and retires base 1 and incr 1.
func TestDirRewrite(t *testing.T) {
	for _, gc := range []bool{true, false} {
		fs := vfs.NewMem()
		d := startedDir(t, fs, DirOptions{DisableAutoGC: !gc})
		f, err := d.NewIncr()
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := manifestText(t, fs); got != "file appendonly.aof.1.base.rdb seq 1 type b\n"+
			"file appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n" {
			t.Fatalf("during rewrite: %q", got)
		}
		if err := d.InstallBase(false, writeString("*1\r\n$4\r\nPING\r\n")); err != nil {
			t.Fatal(err)
		}
		want := "file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n"
		if !gc {
			want = "file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.1.incr.aof seq 1 type h\n" +
				"file appendonly.aof.1.base.rdb seq 1 type h\nfile appendonly.aof.2.incr.aof seq 2 type i\n"
		}
		if got := manifestText(t, fs); got != want {
			t.Fatalf("gc=%v: %q", gc, got)
		}
		if _, err := fs.Stat("/data/appendonlydir/appendonly.aof.1.base.rdb"); (err == nil) == gc {
			t.Fatalf("gc=%v: history file present=%v", gc, err == nil)
		}
	}
}

// A repair's INCR file stays out of the manifest until the base that
// retires the failed file is installed with it; files of repairs that
// did not finish get numbers of their own and are removed then.
func TestDirRepairIncrListedWithItsBase(t *testing.T) {
	fs := vfs.NewMem()
	d := startedDir(t, fs, DirOptions{})
	before := manifestText(t, fs)
	f, first, err := d.NewUnlistedIncr() // a repair whose base fails
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	f, second, err := d.NewUnlistedIncr()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if first.Name != "appendonly.aof.2.incr.aof" || second.Name != "appendonly.aof.3.incr.aof" {
		t.Fatalf("unlisted files %s, %s", first.Name, second.Name)
	}
	if got := manifestText(t, fs); got != before {
		t.Fatalf("an unlisted file changed the manifest: %q", got)
	}
	if err := d.InstallBaseWithIncr(false, writeString("*1\r\n$4\r\nPING\r\n"), second); err != nil {
		t.Fatal(err)
	}
	want := "file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n"
	if got := manifestText(t, fs); got != want {
		t.Fatalf("after the repair's base: %q, want %q", got, want)
	}
	for name, present := range map[string]bool{"appendonly.aof.1.incr.aof": false, "appendonly.aof.2.incr.aof": false,
		"appendonly.aof.3.incr.aof": true} {
		if _, err := fs.Stat("/data/appendonlydir/" + name); (err == nil) != present {
			t.Fatalf("%s present=%v, want %v", name, err == nil, present)
		}
	}
	f, err = d.NewIncr()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got := manifestText(t, fs); got != want+"file appendonly.aof.4.incr.aof seq 4 type i\n" {
		t.Fatalf("next INCR file: %q", got)
	}
}

// A NewIncr while an unlisted file exists numbers past it: that file's
// writer may still be closing.
func TestDirNewIncrSkipsUnlistedNumbers(t *testing.T) {
	fs := vfs.NewMem()
	d := startedDir(t, fs, DirOptions{})
	f, info, err := d.NewUnlistedIncr()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	f, err = d.NewIncr()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	m := d.Manifest()
	if last := m.Incr[len(m.Incr)-1]; last.Seq <= info.Seq {
		t.Fatalf("NewIncr made %s after unlisted %s", last.Name, info.Name)
	}
}

func TestDirUpgradesLegacyFile(t *testing.T) {
	fs := copyFixture(t, "oldstyle-preamble")
	d, err := OpenDir(DirOptions{FS: fs, DataDir: "/data"})
	if err != nil {
		t.Fatal(err)
	}
	if got := manifestText(t, fs); got != "file appendonly.aof seq 1 type b\n" {
		t.Fatalf("manifest %q", got)
	}
	if _, err := fs.Stat("/data/appendonly.aof"); err == nil {
		t.Fatal("legacy file left in place")
	}
	rec := &recorder{}
	if _, err := d.Load(fakeRDB{size: map[string]int{"": 65684}}, false, rec); err != nil || len(rec.cmds) == 0 {
		t.Fatalf("load after upgrade: %v, %d commands", err, len(rec.cmds))
	}
	// The next incr file continues from seq 1.
	f, _, err := d.OpenForAppend()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got := manifestText(t, fs); got != "file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n" {
		t.Fatalf("manifest %q", got)
	}
}

// An upgrade that crashed after the manifest, before the move, is finished.
func TestDirUpgradeResumes(t *testing.T) {
	fs := copyFixture(t, "oldstyle-preamble")
	_ = fs.MkdirAll("/data/appendonlydir", 0o755)
	m := &Manifest{Base: &Info{Name: "appendonly.aof", Seq: 1, Type: TypeBase}}
	if err := writeFileAtomic(fs, "/data/appendonlydir", "appendonly.aof.manifest", "t", m.Marshal()); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenDir(DirOptions{FS: fs, DataDir: "/data"}); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat("/data/appendonlydir/appendonly.aof"); err != nil {
		t.Fatal("legacy file not moved")
	}
}

func TestDirTruncate(t *testing.T) {
	fs := copyFixture(t, "truncated-tail")
	d, _ := OpenDir(DirOptions{FS: fs, DataDir: "/data"})
	rep, err := d.Load(fakeRDB{size: map[string]int{"": 65684}}, true, &recorder{})
	if err != nil || rep.Torn == nil {
		t.Fatal(err)
	}
	if err := d.Truncate(rep.Torn.File, rep.Torn.Offset); err != nil {
		t.Fatal(err)
	}
	rep, err = d.Load(fakeRDB{size: map[string]int{"": 65684}}, false, &recorder{})
	if err != nil || rep.Torn != nil {
		t.Fatalf("after truncation: %v %+v", err, rep.Torn)
	}
}
