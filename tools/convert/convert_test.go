package convert

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/rdb"
	"github.com/strata-db/strata/tools/checkaof"
	"github.com/strata-db/strata/tools/dump"
)

func writeRDB(t *testing.T, fs vfs.FS, path string) {
	var buf bytes.Buffer
	e := rdb.NewEncoder(&buf, rdb.EncoderOptions{})
	e.WriteHeader()
	e.SelectDB(0, 2, 1)
	e.WriteString(rdb.KeyInfo{Key: "s", ExpireMs: 4102444800000}, "v")
	e.WriteRecord(&rdb.Record{KeyInfo: rdb.KeyInfo{Key: "l", ExpireMs: rdb.NoExpire}, Value: rdb.List{"a", "b"}})
	e.SelectDB(2, 1, 0)
	e.WriteRecord(&rdb.Record{KeyInfo: rdb.KeyInfo{DB: 2, Key: "h", ExpireMs: rdb.NoExpire}, Value: rdb.Hash{{Field: "f", Value: "1"}}})
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	f, _ := fs.Create(path, vfs.WriteCategoryUnspecified)
	f.Write(buf.Bytes())
	f.Close()
}

func dumpJSON(t *testing.T, fs vfs.FS, path string) string {
	var out bytes.Buffer
	if _, err := dump.DumpRDB(fs, path, &out, dump.Options{Format: dump.JSON, Filter: dump.AllDBs}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	slices.Sort(lines) // key order is the writer's choice
	return strings.Join(lines, "\n")
}

// An RDB seeded into an AOF directory (either base form) passes check-aof
// and converts back to an RDB with the same keys.
func TestRoundTrip(t *testing.T) {
	for _, respBase := range []bool{false, true} {
		fs := vfs.NewMem()
		fs.MkdirAll("data", 0o755)
		writeRDB(t, fs, "in.rdb")
		dir, err := RDBToAOF("in.rdb", "data", Options{FS: fs, RESPBase: respBase})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := checkaof.Check(dir+"/appendonly.aof.manifest", checkaof.Options{FS: fs, Out: io.Discard})
		if err != nil || !rep.Valid || len(rep.Parts) != 2 {
			t.Fatalf("resp base %v: check-aof %v %+v", respBase, err, rep)
		}
		if _, err := RDBToAOF("in.rdb", "data", Options{FS: fs}); err == nil {
			t.Fatal("overwrote an existing AOF directory")
		}
		keys, err := AOFToRDB("data", "out.rdb", Options{FS: fs})
		if err != nil || keys != 3 {
			t.Fatalf("back to RDB: %d keys, %v", keys, err)
		}
		if a, b := dumpJSON(t, fs, "in.rdb"), dumpJSON(t, fs, "out.rdb"); a != b {
			t.Errorf("resp base %v: keys differ:\n%s\n%s", respBase, a, b)
		}
	}
}
