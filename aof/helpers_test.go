package aof

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

var seedFlag = flag.Uint64("seed", 0, "random seed for randomized tests (0: time-based)")

func testSeed(t testing.TB) uint64 {
	s := *seedFlag
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -seed %d)", s, s)
	return s
}

func readAll(t testing.TB, fs vfs.FS, name string) []byte {
	t.Helper()
	f, err := fs.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testdata(t testing.TB, name string) []byte {
	return readAll(t, vfs.Default, vfs.Default.PathJoin("testdata", name))
}

// copyFixture copies testdata/<name> into a fresh MemFS at /data.
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
	walk(vfs.Default.PathJoin("testdata", name), "/data")
	return mem
}

// fakeRDB stands in for the rdb package: it consumes a known number of
// bytes (the RDB image size) after checking the magic.
type fakeRDB struct{ size map[string]int }

func (f fakeRDB) LoadRDB(r *bufio.Reader) error {
	head, err := r.Peek(9)
	if err != nil || string(head[:5]) != "REDIS" {
		return fmt.Errorf("fake rdb: bad magic")
	}
	for name, n := range f.size {
		_ = name
		_, err := r.Discard(n)
		return err
	}
	return fmt.Errorf("fake rdb: unknown size")
}

// recorder is a Handler that keeps what was replayed.
type recorder struct {
	files []string
	cmds  []string // one entry per applied batch, commands joined by " | "
}

func (r *recorder) BeginFile(info Info) error {
	r.files = append(r.files, info.Name)
	return nil
}

func (r *recorder) Apply(cmds [][][]byte) error {
	s := ""
	for i, c := range cmds {
		if i > 0 {
			s += " | "
		}
		s += fmt.Sprintf("%q", c)
	}
	r.cmds = append(r.cmds, s)
	return nil
}
