package memory

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/rdb"
)

func TestFromRDB(t *testing.T) {
	var buf bytes.Buffer
	e := rdb.NewEncoder(&buf, rdb.EncoderOptions{NoCompression: true})
	e.WriteHeader()
	e.SelectDB(0, 0, 0)
	for i := 0; i < 30; i++ {
		e.WriteString(rdb.KeyInfo{Key: fmt.Sprintf("user:%d", i), ExpireMs: rdb.NoExpire}, strings.Repeat("x", i))
	}
	list := make(rdb.List, 1000)
	for i := range list {
		list[i] = fmt.Sprint(i)
	}
	e.WriteRecord(&rdb.Record{KeyInfo: rdb.KeyInfo{Key: "queue:big", ExpireMs: rdb.NoExpire}, Value: list})
	e.WriteString(rdb.KeyInfo{Key: "plain", ExpireMs: rdb.NoExpire}, "v")
	e.Close()
	fs := vfs.NewMem()
	f, _ := fs.Create("d.rdb", vfs.WriteCategoryUnspecified)
	f.Write(buf.Bytes())
	f.Close()

	r, err := FromRDB(fs, "d.rdb", Options{Top: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Keys != 32 || len(r.Top) != 3 || r.Top[0].Key != "queue:big" || r.Top[0].Elements != 1000 {
		t.Fatalf("report %+v", r.Top)
	}
	if r.Top[1].Key != "user:29" || r.Top[1].Bytes <= r.Top[2].Bytes {
		t.Errorf("top not by size: %+v", r.Top)
	}
	var sum int64
	for _, k := range r.ByType {
		sum += k.Bytes
	}
	if sum != r.Bytes || r.Biggest["string"].Key != "user:29" {
		t.Errorf("type totals %d vs %d, biggest %+v", sum, r.Bytes, r.Biggest)
	}
	names := map[string]int64{}
	for _, p := range r.ByPrefix {
		names[p.Name] = p.Keys
	}
	if names["user:*"] != 30 || names["queue:*"] != 1 || names["(no prefix)"] != 1 {
		t.Errorf("prefixes %v", names)
	}
	var out bytes.Buffer
	if err := r.WriteCSV(&out); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil || len(rows) != 1+3+2+2+3 {
		t.Errorf("csv: %d rows, %v", len(rows), err)
	}
}
