package checkrdb

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/rdb"
)

func writeFile(t *testing.T, fs vfs.FS, name string, data []byte) {
	f, err := fs.Create(name, vfs.WriteCategoryUnspecified)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(data)
	f.Close()
}

func sample(t *testing.T, set rdb.Set) []byte {
	var buf bytes.Buffer
	e := rdb.NewEncoder(&buf, rdb.EncoderOptions{})
	e.WriteHeader()
	e.SelectDB(0, 0, 0)
	e.WriteString(rdb.KeyInfo{Key: "s", ExpireMs: 1000}, "v")
	e.WriteRecord(&rdb.Record{KeyInfo: rdb.KeyInfo{Key: "set", ExpireMs: rdb.NoExpire}, Value: set})
	e.SelectDB(4, 0, 0)
	e.WriteRecord(&rdb.Record{KeyInfo: rdb.KeyInfo{DB: 4, Key: "l", ExpireMs: rdb.NoExpire}, Value: rdb.List{"a", "a"}})
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func bigSet(dup bool) rdb.Set {
	s := rdb.Set{}
	for i := range 600 {
		s = append(s, fmt.Sprintf("m%d", i))
	}
	if dup {
		s[599] = "m0"
	}
	return s
}

func TestCheckSummary(t *testing.T) {
	fs := vfs.NewMem()
	writeFile(t, fs, "ok.rdb", sample(t, bigSet(false)))
	var out bytes.Buffer
	sum, err := Check("ok.rdb", Options{FS: fs, Out: &out, Now: time.UnixMilli(5000)})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"\\o/ RDB looks OK! \\o/", "[info] 3 keys read", "[info] 1 expires", "[info] 1 already expired", "Checksum OK"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if sum.DBs[0].Keys != 2 || sum.DBs[4].ByKind["list"] != 1 || sum.Top()[0].Key != "set" || sum.Top()[0].Elements != 600 {
		t.Errorf("summary %+v top %+v", sum.DBs, sum.Top())
	}
}

// A duplicate set member is refused even though values stream through a
// sink (the list's repeated element is fine).
func TestCheckRefusesDuplicates(t *testing.T) {
	fs := vfs.NewMem()
	writeFile(t, fs, "dup.rdb", sample(t, bigSet(true)))
	_, err := Check("dup.rdb", Options{FS: fs, Out: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Fatalf("got %v", err)
	}
}

// Every truncation is an error, and never a panic.
func TestCheckTruncated(t *testing.T) {
	data := sample(t, bigSet(false))
	fs := vfs.NewMem()
	for n := 0; n < len(data); n += 7 {
		writeFile(t, fs, "t.rdb", data[:n])
		_, err := Check("t.rdb", Options{FS: fs})
		if err == nil {
			t.Fatalf("truncated at %d of %d: no error", n, len(data))
		}
		if n >= 9 && !errors.Is(err, rdb.ErrTruncated) {
			t.Fatalf("truncated at %d: %v", n, err)
		}
	}
}
