package rdb

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/engine"
)

func snapshotBytes(t testing.TB, e *engine.Engine, opts WriteOptions) []byte {
	t.Helper()
	e.Lock()
	snap := e.Snapshot()
	if opts.Encoder == (EncoderOptions{}) {
		opts.Encoder = EncoderOptionsFor(e.Config(), true, true)
	}
	e.Unlock()
	var buf bytes.Buffer
	if err := WriteSnapshot(&buf, snap, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func loadBytes(t testing.TB, data []byte, e *engine.Engine, opts LoadOptions) LoadStats {
	t.Helper()
	e.Lock()
	defer e.Unlock()
	st, err := Load(bytes.NewReader(data), e, opts)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// A random dataset of every type and encoding, written from a snapshot and
// loaded back (serially and in parallel), gives the same keys, values,
// expiries and OBJECT ENCODING answers.
func TestSnapshotRoundTrip(t *testing.T) {
	t.Logf("seed %d", *seed)
	rng := rand.New(rand.NewPCG(uint64(*seed), 7))
	now := time.UnixMilli(1_700_000_000_000)
	src := testEngine(&now)
	randomDataset(t, src, rng, 400)
	want := keysOf(src)
	data := snapshotBytes(t, src, WriteOptions{})
	for _, serial := range []bool{true, false} {
		dst := testEngine(&now)
		st := loadBytes(t, data, dst, LoadOptions{Serial: serial})
		if st.KeysLoaded != int64(len(want)) || st.KeysExpired != 0 || st.Offset != int64(len(data)) {
			t.Errorf("serial=%v: stats %+v, want %d keys, offset %d", serial, st, len(want), len(data))
		}
		sameKeys(t, keysOf(dst), want)
		dst.Lock()
		src.Lock()
		if a, b := dst.Digest(), src.Digest(); a != b {
			t.Errorf("serial=%v: digest %s, want %s", serial, a, b)
		}
		src.Unlock()
		dst.Unlock()
	}
}

// Writes after the snapshot do not reach the file: it holds the dataset as
// it was when the snapshot was taken.
func TestSnapshotIgnoresLaterWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(*seed), 8))
	now := time.UnixMilli(1_700_000_000_000)
	src := testEngine(&now)
	randomDataset(t, src, rng, 200)
	want := keysOf(src)
	src.Lock()
	snap := src.Snapshot()
	src.Unlock()
	for db := 0; db < 4; db++ {
		mustExec(t, src, db, "FLUSHDB")
		mustExec(t, src, db, "SET", "new", "value")
		mustExec(t, src, db, "RPUSH", "l", "a", "b")
	}
	var buf bytes.Buffer
	if err := WriteSnapshot(&buf, snap, WriteOptions{Encoder: EncoderOptionsFor(src.Config(), true, true)}); err != nil {
		t.Fatal(err)
	}
	dst := testEngine(&now)
	loadBytes(t, buf.Bytes(), dst, LoadOptions{})
	sameKeys(t, keysOf(dst), want)
}

// In-place changes to collections after the snapshot (the writer copies
// shared nodes) leave the snapshot's values alone.
func TestSnapshotIgnoresInPlaceChanges(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	src := testEngine(&now)
	args := []string{"HSET", "h"}
	for i := 0; i < 1000; i++ {
		args = append(args, "f"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+itoa(i), itoa(i))
	}
	mustExec(t, src, 0, args...)
	mustExec(t, src, 0, "RPUSH", "l", "a", "b", "c")
	mustExec(t, src, 0, "ZADD", "z", "1", "a", "2", "b")
	mustExec(t, src, 0, "SADD", "s", "1", "2", "3")
	want := keysOf(src)
	src.Lock()
	snap := src.Snapshot()
	src.Unlock()
	for i := 0; i < 500; i++ {
		mustExec(t, src, 0, "HSET", "h", "f"+itoa(i), "changed")
	}
	mustExec(t, src, 0, "LSET", "l", "1", "B")
	mustExec(t, src, 0, "ZINCRBY", "z", "5", "a")
	mustExec(t, src, 0, "SADD", "s", "x")
	var buf bytes.Buffer
	if err := WriteSnapshot(&buf, snap, WriteOptions{Encoder: EncoderOptionsFor(src.Config(), true, true)}); err != nil {
		t.Fatal(err)
	}
	dst := testEngine(&now)
	loadBytes(t, buf.Bytes(), dst, LoadOptions{})
	sameKeys(t, keysOf(dst), want)
}

func itoa(i int) string { return strconv.Itoa(i) }

// Keys whose expiry passed before the load are skipped and counted, as a
// Redis master does, unless KeepExpired (AOF preamble).
func TestLoadSkipsExpiredKeys(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	src := testEngine(&now)
	mustExec(t, src, 0, "SET", "gone", "v", "PX", "1000")
	mustExec(t, src, 0, "SET", "stays", "v", "PX", "5000")
	mustExec(t, src, 1, "SET", "plain", "v")
	data := snapshotBytes(t, src, WriteOptions{})
	later := now.Add(2 * time.Second)
	dst := testEngine(&later)
	st := loadBytes(t, data, dst, LoadOptions{})
	if st.KeysLoaded != 2 || st.KeysExpired != 1 {
		t.Fatalf("stats %+v, want 2 loaded 1 expired", st)
	}
	if dst.DB(0).Peek("gone") != nil || dst.DB(0).Peek("stays").ExpireAt() != now.UnixMilli()+5000 {
		t.Fatal("wrong keys after load")
	}
	keep := testEngine(&later)
	if st := loadBytes(t, data, keep, LoadOptions{KeepExpired: true}); st.KeysLoaded != 3 {
		t.Fatalf("KeepExpired: stats %+v", st)
	}
}

// A key that is already in the engine is an error naming it, unless
// Replace (DEBUG RELOAD MERGE).
func TestLoadDuplicateKey(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	src := testEngine(&now)
	for i := 0; i < 2000; i++ {
		mustExec(t, src, 0, "SET", "k"+itoa(i), "new")
	}
	data := snapshotBytes(t, src, WriteOptions{})
	for _, serial := range []bool{true, false} {
		dst := testEngine(&now)
		mustExec(t, dst, 0, "SET", "k1500", "old")
		dst.Lock()
		_, err := Load(bytes.NewReader(data), dst, LoadOptions{Serial: serial})
		dst.Unlock()
		var ce *CorruptionError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), `duplicated key "k1500" in DB 0`) {
			t.Fatalf("serial=%v: err %v", serial, err)
		}
		dst.Lock()
		_, err = Load(bytes.NewReader(data), dst, LoadOptions{Serial: serial, Replace: true})
		dst.Unlock()
		if err != nil || dst.DB(0).Peek("k1500").Str() != "new" {
			t.Fatalf("serial=%v: Replace: err %v", serial, err)
		}
	}
}

// Load reports where the RDB ends, so a caller reading an AOF preamble can
// continue with the commands that follow, although the decoder read ahead.
func TestLoadReportsEndOffset(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	src := testEngine(&now)
	for i := 0; i < 5000; i++ {
		mustExec(t, src, 0, "SET", "key:"+itoa(i), strings.Repeat("v", i%100))
	}
	data := snapshotBytes(t, src, WriteOptions{Aux: AuxFields{AOFBase: true}})
	tail := []byte("*2\r\n$3\r\nDEL\r\n$5\r\nkey:1\r\n")
	st := loadBytes(t, append(append([]byte(nil), data...), tail...), testEngine(&now), LoadOptions{BaseOffset: 100})
	if st.Offset != 100+int64(len(data)) {
		t.Fatalf("offset %d, want %d", st.Offset, 100+len(data))
	}
	if st.Aux["aof-base"] != "1" || st.Aux["redis-ver"] != "7.0.15" {
		t.Fatalf("aux %v", st.Aux)
	}
}

// The fixtures redis-server 7.0.15 wrote load into the engine with every
// key, streams with their groups included, equal to what the decoder
// reads; and what Load stores writes back to a file that loads the same.
func TestLoadRedisFixtures(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	for _, name := range []string{"all-types", "all-types-nocompress", "lru", "lfu", "functions",
		"nochecksum", "with-repl-info", "legacy-v4-handmade", "legacy-v9-handmade", "empty"} {
		data, err := os.ReadFile("testdata/" + name + ".rdb")
		if err != nil {
			t.Fatal(err)
		}
		e := testEngine(&now)
		streams := 0
		st := loadBytes(t, data, e, LoadOptions{KeepExpired: true})
		recs := map[string]*Record{}
		if err := NewDecoder(bytes.NewReader(data), Options{}).Decode(Funcs{OnKey: func(r *Record) error {
			recs[itoa(r.DB)+"/"+r.Key] = r
			return nil
		}}); err != nil {
			t.Fatal(err)
		}
		if int(st.KeysLoaded) != len(recs) {
			t.Errorf("%s: loaded %d, decoder saw %d", name, st.KeysLoaded, len(recs))
		}
		for id, r := range recs {
			db, key, _ := strings.Cut(id, "/")
			n, _ := strconv.Atoi(db)
			v := e.DB(n).Peek(key)
			if r.Type.Kind() == KindStream {
				streams++
			}
			if v == nil {
				t.Errorf("%s: key %q missing", name, key)
				continue
			}
			want, err := engineValue(r, e.Config())
			if err != nil {
				t.Fatal(err)
			}
			if v.Type() != want.Type() || digestOf(e, v) != digestOf(e, &want) {
				t.Errorf("%s: key %q differs", name, key)
			}
		}
		if name == "all-types" && streams == 0 {
			t.Errorf("%s: no stream checked", name)
		}
		again := testEngine(&now)
		loadBytes(t, snapshotBytes(t, e, WriteOptions{}), again, LoadOptions{KeepExpired: true})
		sameKeys(t, keysOf(again), keysOf(e))
	}
}

func digestOf(e *engine.Engine, v *engine.Value) string {
	tmp := engine.New(engine.Options{})
	tmp.DB(0).LoadKey("x", *v)
	return tmp.DigestValue(0, "x")[0]
}

// Into an empty engine keys are stored in one pass at the end; a file that
// repeats a key is still refused, naming the key and the offset that ends
// its second record, and the keys of other databases are loaded.
func TestLoadRepeatedKeyInFileIntoEmptyEngine(t *testing.T) {
	var buf bytes.Buffer
	enc := NewEncoder(&buf, EncoderOptions{})
	must(t, enc.WriteHeader())
	must(t, enc.SelectDB(1, 2, 0))
	for _, k := range []string{"a", "b"} {
		must(t, enc.WriteString(KeyInfo{DB: 1, Key: k, ExpireMs: NoExpire, IdleSec: NoIdle, Freq: NoFreq}, "v"))
	}
	must(t, enc.SelectDB(0, 3, 0))
	var end int64
	for _, k := range []string{"x", "y", "x"} {
		must(t, enc.WriteString(KeyInfo{Key: k, ExpireMs: NoExpire, IdleSec: NoIdle, Freq: NoFreq}, k))
		end = enc.Offset()
	}
	must(t, enc.Close())
	now := time.UnixMilli(1_700_000_000_000)
	for _, serial := range []bool{true, false} {
		dst := testEngine(&now)
		dst.Lock()
		_, err := Load(bytes.NewReader(buf.Bytes()), dst, LoadOptions{Serial: serial})
		dst.Unlock()
		var ce *CorruptionError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), `duplicated key "x" in DB 0`) || ce.Offset != end {
			t.Fatalf("serial=%v: err %v (offset want %d)", serial, err, end)
		}
		if dst.DB(1).Len() != 2 {
			t.Fatalf("serial=%v: DB 1 has %d keys, want 2", serial, dst.DB(1).Len())
		}
	}
}
