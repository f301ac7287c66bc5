package aof

import (
	"errors"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

func loadFixture(t *testing.T, name string, truncated bool) (*recorder, LoadReport, error) {
	t.Helper()
	mem := copyFixture(t, name)
	d, err := OpenDir(DirOptions{FS: mem, DataDir: "/data"})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	rdb := fakeRDB{size: map[string]int{"preamble": 65684}}
	if name == "multi-incr" || name == "truncated-not-last" {
		rdb.size = map[string]int{"x": 432}
	}
	rep, err := d.Load(rdb, truncated, rec)
	return rec, rep, err
}

func TestLoadFixtures(t *testing.T) {
	rec, rep, err := loadFixture(t, "preamble", true)
	if err != nil || rep.Torn != nil || rep.Commands == 0 {
		t.Fatalf("preamble: %v %+v", err, rep)
	}
	multi := 0
	for _, c := range rec.cmds {
		if strings.Contains(c, " | ") {
			multi++
		}
	}
	if multi == 0 {
		t.Fatal("no MULTI/EXEC block applied as one batch")
	}
	rec, _, err = loadFixture(t, "multi-incr", false)
	if err != nil || strings.Join(rec.files, ",") !=
		"appendonly.aof.2.base.rdb,appendonly.aof.2.incr.aof,appendonly.aof.3.incr.aof" {
		t.Fatalf("multi-incr: %v %v", err, rec.files)
	}
}

func TestLoadHistoryFilesAreNeverRead(t *testing.T) {
	mem := copyFixture(t, "history")
	for _, n := range []string{"1.base.rdb", "1.incr.aof", "2.base.rdb", "2.incr.aof"} {
		if err := mem.Remove("/data/appendonlydir/appendonly.aof." + n); err != nil {
			t.Fatal(err)
		}
	}
	d, err := OpenDir(DirOptions{FS: mem, DataDir: "/data"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Load(fakeRDB{size: map[string]int{"b": 338}}, false, &recorder{}); err != nil {
		t.Fatal(err)
	}
}

func TestLoadTruncatedTail(t *testing.T) {
	_, rep, err := loadFixture(t, "truncated-tail", true)
	if err != nil || rep.Torn == nil || rep.Torn.File != "appendonly.aof.2.incr.aof" {
		t.Fatalf("aof-load-truncated yes: %v %+v", err, rep)
	}
	if _, _, err := loadFixture(t, "truncated-tail", false); !errors.Is(err, ErrTornTail) {
		t.Fatalf("aof-load-truncated no: %v", err)
	}
}

func TestLoadTruncatedNotLast(t *testing.T) {
	_, _, err := loadFixture(t, "truncated-not-last", true)
	if !errors.Is(err, ErrTruncatedNotLast) {
		t.Fatalf("got %v", err)
	}
}

func TestLoadCorruptMiddle(t *testing.T) {
	_, _, err := loadFixture(t, "corrupt-middle", true)
	var ce *CorruptionError
	if !errors.As(err, &ce) || ce.Offset != 520 || ce.File != "appendonly.aof.2.incr.aof" {
		t.Fatalf("got %v", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	mem := copyFixture(t, "multi-incr")
	if err := mem.Remove("/data/appendonlydir/appendonly.aof.3.incr.aof"); err != nil {
		t.Fatal(err)
	}
	d, err := OpenDir(DirOptions{FS: mem, DataDir: "/data"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Load(fakeRDB{size: map[string]int{"x": 432}}, true, &recorder{}); err == nil {
		t.Fatal("a listed file is missing, load succeeded")
	}
}

// An unterminated MULTI at the end is cut at the MULTI, as Redis reverts it.
func TestLoadRevertsOpenTransaction(t *testing.T) {
	mem := vfs.NewMem()
	_ = mem.MkdirAll("/a", 0o755)
	data := append(append(cmd("SET", "a", "1"), cmd("MULTI")...), cmd("SET", "b", "2")...)
	if err := writeFileAtomic(mem, "/a", "x.incr.aof", "tmp", data); err != nil {
		t.Fatal(err)
	}
	m := &Manifest{Incr: []Info{{Name: "x.incr.aof", Seq: 1, Type: TypeIncr}}}
	rec := &recorder{}
	rep, err := Load(LoadOptions{FS: mem, Dir: "/a", Truncated: true}, m, rec)
	if err != nil || rep.Torn == nil || rep.Torn.Offset != int64(len(cmd("SET", "a", "1"))) || len(rec.cmds) != 1 {
		t.Fatalf("%v %+v %v", err, rep.Torn, rec.cmds)
	}
}

// Zeros after a file's last command (space the log had reserved) are
// skipped in any file, even with aof-load-truncated no; the last file is
// appended to where its commands end, and Size leaves the zeros out.
func TestLoadSkipsBlankTails(t *testing.T) {
	mem := vfs.NewMem()
	_ = mem.MkdirAll("/data/appendonlydir", 0o755)
	a := append(cmd("SET", "a", "1"), make([]byte, 5000)...)
	b := append(cmd("SET", "b", "2"), make([]byte, 3000)...)
	for name, data := range map[string][]byte{"appendonly.aof.1.incr.aof": a, "appendonly.aof.2.incr.aof": b} {
		if err := writeFileAtomic(mem, "/data/appendonlydir", name, "tmp", data); err != nil {
			t.Fatal(err)
		}
	}
	m := &Manifest{IncrSeq: 2, Incr: []Info{{Name: "appendonly.aof.1.incr.aof", Seq: 1, Type: TypeIncr},
		{Name: "appendonly.aof.2.incr.aof", Seq: 2, Type: TypeIncr}}}
	if err := writeFileAtomic(mem, "/data/appendonlydir", ManifestName(DefaultFileName), "tmp", m.Marshal()); err != nil {
		t.Fatal(err)
	}
	d, err := OpenDir(DirOptions{FS: mem, DataDir: "/data"})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	rep, err := d.Load(nil, false, rec)
	if err != nil || rep.Torn != nil || len(rep.Blank) != 2 || len(rec.cmds) != 2 {
		t.Fatalf("load: %v, torn %v, blank %v, commands %v", err, rep.Torn, rep.Blank, rec.cmds)
	}
	end := int64(len(cmd("SET", "b", "2")))
	if got, err := d.Size("appendonly.aof.2.incr.aof"); err != nil || got != end {
		t.Fatalf("Size = %d, %v; want %d", got, err, end)
	}
	f, size, err := d.OpenForAppend()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if size != end {
		t.Fatalf("OpenForAppend at %d, want %d, where the commands end", size, end)
	}
}

// A MULTI left open before a blank tail is a torn tail at the MULTI, not
// a blank one: a command was begun after the last complete one.
func TestLoadOpenTransactionBeforeZeros(t *testing.T) {
	mem := vfs.NewMem()
	_ = mem.MkdirAll("/a", 0o755)
	data := append(append(append(cmd("SET", "a", "1"), cmd("MULTI")...), cmd("SET", "b", "2")...), make([]byte, 100)...)
	if err := writeFileAtomic(mem, "/a", "x.incr.aof", "tmp", data); err != nil {
		t.Fatal(err)
	}
	m := &Manifest{Incr: []Info{{Name: "x.incr.aof", Seq: 1, Type: TypeIncr}}}
	if _, err := Load(LoadOptions{FS: mem, Dir: "/a", Truncated: false}, m, &recorder{}); !errors.Is(err, ErrTornTail) {
		t.Fatalf("aof-load-truncated no: %v, want a torn tail", err)
	}
	rep, err := Load(LoadOptions{FS: mem, Dir: "/a", Truncated: true}, m, &recorder{})
	if err != nil || rep.Torn == nil || rep.Torn.Blank || rep.Torn.Offset != int64(len(cmd("SET", "a", "1"))) || len(rep.Blank) != 0 {
		t.Fatalf("%v %+v %v", err, rep.Torn, rep.Blank)
	}
}
