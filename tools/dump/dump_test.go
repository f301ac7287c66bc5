package dump

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/internal/resp"
	"github.com/strata-db/strata/rdb"
)

var seed = flag.Uint64("seed", 0, "random seed (0: pick one and log it)")

// model is a keyspace as plain Go values: db -> key -> value text.
type model map[int]map[string]string

func (m model) put(db int, key, v string) {
	if m[db] == nil {
		m[db] = map[string]string{}
	}
	m[db][key] = v
}

// canon renders a collection so that element order only matters for lists.
func canon(kind string, elems []string) string {
	if kind != "list" {
		slices.Sort(elems)
	}
	return kind + ":" + strings.Join(elems, "|")
}

// randomRDB writes random keys of every collection kind, big ones included
// so that RESP output is split into batches.
func randomRDB(t *testing.T, r *rand.Rand) ([]byte, model) {
	var buf bytes.Buffer
	e := rdb.NewEncoder(&buf, rdb.EncoderOptions{})
	e.WriteHeader()
	want := model{}
	for db := 0; db < 3; db++ {
		e.SelectDB(db, 0, 0)
		for i := 0; i < 20; i++ {
			key := fmt.Sprintf("k%d:%d", db, i)
			n := 1 + r.IntN(3)
			if r.IntN(8) == 0 {
				n = 1000 + r.IntN(600)
			}
			rec := &rdb.Record{KeyInfo: rdb.KeyInfo{DB: db, Key: key, ExpireMs: rdb.NoExpire}}
			want.put(db, key, fill(rec, r.IntN(5), n))
			if err := e.WriteRecord(rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), want
}

func fill(rec *rdb.Record, kind, n int) string {
	var elems []string
	switch kind {
	case 0:
		rec.Value = strconv.Itoa(n) + "-value"
		return "string:" + rec.Value.(string)
	case 1:
		l := rdb.List{}
		for i := range n {
			l = append(l, "e"+strconv.Itoa(i%7))
		}
		rec.Value, elems = l, l
		return canon("list", slices.Clone(elems))
	case 2:
		s := rdb.Set{}
		for i := range n {
			s = append(s, "m"+strconv.Itoa(i))
		}
		rec.Value, elems = s, s
		return canon("set", slices.Clone(elems))
	case 3:
		z := rdb.ZSet{}
		for i := range n {
			z = append(z, rdb.ZMember{Member: "z" + strconv.Itoa(i), Score: float64(i) / 3})
			elems = append(elems, "z"+strconv.Itoa(i)+"="+FormatScore(float64(i)/3))
		}
		rec.Value = z
		return canon("zset", elems)
	}
	h := rdb.Hash{}
	for i := range n {
		h = append(h, rdb.FieldValue{Field: "f" + strconv.Itoa(i), Value: "v" + strconv.Itoa(i)})
		elems = append(elems, "f"+strconv.Itoa(i)+"=v"+strconv.Itoa(i))
	}
	rec.Value = h
	return canon("hash", elems)
}

// replay applies RESP commands to a model, as a server would.
func replay(t *testing.T, data []byte) model {
	got := model{}
	acc := map[[2]string][]string{}
	kinds := map[[2]string]string{}
	db := 0
	rd := resp.NewReader(bytes.NewReader(data))
	for {
		args, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		s := make([]string, len(args))
		for i, a := range args {
			s[i] = string(a)
		}
		if s[0] == "SELECT" {
			db, _ = strconv.Atoi(s[1])
			continue
		}
		k := [2]string{strconv.Itoa(db), s[1]}
		switch s[0] {
		case "SET":
			kinds[k], acc[k] = "string", []string{s[2]}
		case "RPUSH":
			kinds[k], acc[k] = "list", append(acc[k], s[2:]...)
		case "SADD":
			kinds[k], acc[k] = "set", append(acc[k], s[2:]...)
		case "ZADD", "HSET":
			kinds[k] = map[string]string{"ZADD": "zset", "HSET": "hash"}[s[0]]
			for i := 2; i+1 < len(s); i += 2 {
				if s[0] == "ZADD" {
					acc[k] = append(acc[k], s[i+1]+"="+s[i])
				} else {
					acc[k] = append(acc[k], s[i]+"="+s[i+1])
				}
			}
		default:
			t.Fatalf("unexpected command %q", s)
		}
		if len(s) > 2+2*BatchSize {
			t.Fatalf("command with %d arguments, more than a batch", len(s))
		}
	}
	for k, kind := range kinds {
		n, _ := strconv.Atoi(k[0])
		got.put(n, k[1], canon(kind, acc[k]))
	}
	return got
}

func TestRDBDumpReplaysToSameKeys(t *testing.T) {
	s := *seed
	if s == 0 {
		s = rand.Uint64()
	}
	t.Logf("seed %d (-seed)", s)
	r := rand.New(rand.NewPCG(s, 1))
	data, want := randomRDB(t, r)
	fs := vfs.NewMem()
	f, _ := fs.Create("d.rdb", vfs.WriteCategoryUnspecified)
	f.Write(data)
	f.Close()
	var out bytes.Buffer
	st, err := DumpRDB(fs, "d.rdb", &out, Options{Format: RESP, Filter: AllDBs})
	if err != nil {
		t.Fatal(err)
	}
	if got := replay(t, out.Bytes()); !reflect.DeepEqual(got, want) {
		t.Fatalf("replayed keyspace differs from the RDB's (%d keys)", st.Keys)
	}
	// JSON: one valid object per key; filters select by db, pattern, type.
	out.Reset()
	opts := Options{Format: JSON, Filter: Filter{DB: 1, Pattern: "k1:1*", Types: map[string]bool{"hash": true, "string": true}}}
	if _, err := DumpRDB(fs, "d.rdb", &out, opts); err != nil {
		t.Fatal(err)
	}
	n := 0
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var obj struct {
			DB   int    `json:"db"`
			Key  string `json:"key"`
			Type string `json:"type"`
		}
		if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
			t.Fatalf("bad JSON line %q: %v", sc.Text(), err)
		}
		if obj.DB != 1 || !strings.HasPrefix(obj.Key, "k1:1") || (obj.Type != "hash" && obj.Type != "string") {
			t.Errorf("filter let through %+v", obj)
		}
		n++
	}
	wantN := 0
	for k, v := range want[1] {
		if strings.HasPrefix(k, "k1:1") && (strings.HasPrefix(v, "hash:") || strings.HasPrefix(v, "string:")) {
			wantN++
		}
	}
	if n != wantN {
		t.Errorf("%d JSON lines, want %d", n, wantN)
	}
}
