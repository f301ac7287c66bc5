package rdb

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"testing"
)

// randomValue makes a value of the given kind whose size straddles the
// encoding thresholds.
func randomValue(rng *rand.Rand, kind Kind) any {
	str := func() string {
		switch rng.Intn(5) {
		case 0:
			return strconv.FormatInt(rng.Int63n(1<<40)-1<<39, 10)
		case 1:
			return string(bytes.Repeat([]byte{byte('a' + rng.Intn(26))}, rng.Intn(200)))
		case 2:
			p := make([]byte, rng.Intn(100))
			rng.Read(p)
			return string(p)
		}
		return fmt.Sprintf("v%d", rng.Intn(1000))
	}
	n := 1 + rng.Intn([]int{5, 150, 700}[rng.Intn(3)])
	switch kind {
	case KindString:
		if rng.Intn(10) == 0 {
			return string(bytes.Repeat([]byte("xy"), 10000))
		}
		return str()
	case KindList:
		l := List{}
		for i := 0; i < n; i++ {
			l = append(l, str())
		}
		if rng.Intn(5) == 0 {
			l = append(l, string(bytes.Repeat([]byte("z"), 9000)))
		}
		return l
	case KindSet:
		ints := rng.Intn(2) == 0
		seen, s := map[string]bool{}, Set{}
		for i := 0; i < n; i++ {
			m := str()
			if ints {
				m = strconv.Itoa(rng.Intn(1 << 20))
			}
			if !seen[m] {
				seen[m] = true
				s = append(s, m)
			}
		}
		return s
	case KindZSet:
		seen, z := map[string]bool{}, ZSet{}
		for i := 0; i < n; i++ {
			m := str()
			if seen[m] {
				continue
			}
			seen[m] = true
			score := []float64{float64(rng.Intn(100)), rng.NormFloat64() * 1e6, math.Inf(1), math.Inf(-1), 1e100}[rng.Intn(5)]
			z = append(z, ZMember{Member: m, Score: score})
		}
		return z
	case KindHash:
		seen, h := map[string]bool{}, Hash{}
		for i := 0; i < n; i++ {
			f := str()
			if !seen[f] {
				seen[f] = true
				h = append(h, FieldValue{Field: f, Value: str()})
			}
		}
		return h
	}
	return randomStream(rng, n)
}

func randomStream(rng *rand.Rand, n int) *Stream {
	s := &Stream{}
	id := StreamID{Ms: 1700000000000}
	for i := 0; i < n; i++ {
		id.Seq++
		if rng.Intn(3) == 0 {
			id = StreamID{Ms: id.Ms + uint64(rng.Intn(1000)), Seq: 0}
		}
		fields := []FieldValue{{"f", strconv.Itoa(i)}}
		if rng.Intn(4) == 0 {
			fields = append(fields, FieldValue{"other", "x"})
		}
		s.Entries = append(s.Entries, StreamEntry{ID: id, Fields: fields})
	}
	s.Length, s.LastID, s.FirstID, s.EntriesAdded = uint64(n), id, s.Entries[0].ID, uint64(n+3)
	s.MaxDeletedID = StreamID{Ms: 5}
	g := StreamGroup{Name: "g", LastDeliveredID: id, EntriesRead: -1}
	c := StreamConsumer{Name: "c", SeenTimeMs: 1700000000123, ActiveTimeMs: 1700000000123}
	for i := 0; i < n && i < 3; i++ {
		g.PEL = append(g.PEL, StreamPending{ID: s.Entries[i].ID, DeliveryTimeMs: 17, DeliveryCount: 2, Consumer: "c"})
		c.Pending = append(c.Pending, s.Entries[i].ID)
	}
	g.Consumers = []StreamConsumer{c}
	s.Groups = []StreamGroup{{Name: "a-empty", EntriesRead: 0}, g} // in name order, as written
	return s
}

// Random datasets of every type go through the encoder and come back equal.
func TestEncodeDecodeRandom(t *testing.T) {
	t.Logf("seed %d", *seed)
	rng := rand.New(rand.NewSource(*seed))
	for round := 0; round < 6; round++ {
		var want []*Record
		var buf bytes.Buffer
		e := NewEncoder(&buf, EncoderOptions{NoCompression: rng.Intn(2) == 0})
		must(t, e.WriteHeader())
		must(t, e.WriteAuxFields(AuxFields{CTime: 1700000000, UsedMem: 1 << 20}))
		must(t, e.WriteFunction("#!lua name=lib\nredis.register_function('f', function() return 1 end)"))
		for _, db := range []int{0, 3} {
			must(t, e.SelectDB(db, 60, 0))
			for i := 0; i < 60; i++ {
				rec := &Record{KeyInfo: KeyInfo{DB: db, Key: fmt.Sprintf("k%d", i), ExpireMs: NoExpire, IdleSec: NoIdle, Freq: NoFreq}}
				if rng.Intn(4) == 0 {
					rec.ExpireMs = 4102444800000 + rng.Int63n(1000)
				}
				rec.Value = randomValue(rng, Kind(1+i%6))
				must(t, e.WriteRecord(rec))
				want = append(want, rec)
			}
		}
		must(t, e.Close())
		got, _, err := decodeBytes(buf.Bytes(), Options{})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if len(got.recs) != len(want) || len(got.functions) != 1 || got.aux["redis-ver"] != "7.0.15" {
			t.Fatalf("round %d: %d records, %d functions, aux %v", round, len(got.recs), len(got.functions), got.aux)
		}
		for i := range want {
			if got.recs[i].DB != want[i].DB {
				t.Fatalf("%q: db %d", want[i].Key, got.recs[i].DB)
			}
			assertSameValue(t, want[i], got.recs[i])
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The empty fixture pins the header, the AUX fields and their encodings.
func TestEncodeEmptyLikeRedis(t *testing.T) {
	want := readFixture(t, "testdata/empty.rdb")
	got, _, err := decodeBytes(want, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctime, _ := strconv.ParseInt(got.aux["ctime"], 10, 64)
	mem, _ := strconv.ParseInt(got.aux["used-mem"], 10, 64)
	var buf bytes.Buffer
	e := NewEncoder(&buf, EncoderOptions{})
	must(t, e.WriteHeader())
	must(t, e.WriteAuxFields(AuxFields{CTime: ctime, UsedMem: mem}))
	must(t, e.Close())
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("got  %x\nwant %x", buf.Bytes(), want)
	}
}

func TestEncodeRejectsEmptyAndNaN(t *testing.T) {
	e := NewEncoder(&bytes.Buffer{}, EncoderOptions{})
	k := KeyInfo{Key: "k", ExpireMs: NoExpire, IdleSec: NoIdle, Freq: NoFreq}
	for _, v := range []any{List{}, Set{}, Hash{}, ZSet{}} {
		if err := e.WriteRecord(&Record{KeyInfo: k, Value: v}); err != ErrEmptyValue {
			t.Errorf("%T: got %v", v, err)
		}
	}
	if err := e.WriteRecord(&Record{KeyInfo: k, Value: ZSet{{"m", math.NaN()}}}); err != ErrNaNScore {
		t.Errorf("NaN: got %v", err)
	}
}

// Keeps the lru/lfu prefixes: IDLE and FREQ survive a round trip and are
// written in Redis's order (expire, idle, freq).
func TestIdleFreqRoundTrip(t *testing.T) {
	for _, name := range []string{"testdata/lru.rdb", "testdata/lfu.rdb"} {
		data := readFixture(t, name)
		for _, s := range decodeSpans(t, data) {
			if s.rec.IdleSec == NoIdle && s.rec.Freq == NoFreq {
				t.Errorf("%s %q: no IDLE/FREQ decoded", name, s.rec.Key)
			}
			if got := encodeOne(t, EncoderOptions{}, s.rec); !bytes.Equal(got, s.raw) {
				t.Errorf("%s %q: re-encoded differently", name, s.rec.Key)
			}
		}
	}
}

// BenchmarkDecode and BenchmarkEncode move 1,000,000 small string keys.
func benchFile(b *testing.B) []byte {
	var buf bytes.Buffer
	e := NewEncoder(&buf, EncoderOptions{})
	e.WriteHeader()
	e.WriteAuxFields(AuxFields{})
	e.SelectDB(0, 1000000, 0)
	for i := 0; i < 1000000; i++ {
		e.WriteString(KeyInfo{Key: "key:" + strconv.Itoa(i), ExpireMs: NoExpire, IdleSec: NoIdle, Freq: NoFreq}, "value:"+strconv.Itoa(i))
	}
	if err := e.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkDecode1MKeys(b *testing.B) {
	data := benchFile(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		d := NewDecoder(bytes.NewReader(data), Options{})
		if err := d.Decode(Funcs{OnKey: func(*Record) error { n++; return nil }}); err != nil || n != 1000000 {
			b.Fatal(err, n)
		}
	}
}

type discard struct{ n int64 }

func (d *discard) Write(p []byte) (int, error) { d.n += int64(len(p)); return len(p), nil }

func BenchmarkEncode1MKeys(b *testing.B) {
	keys := make([]string, 1000000)
	vals := make([]string, len(keys))
	for i := range keys {
		keys[i], vals[i] = "key:"+strconv.Itoa(i), "value:"+strconv.Itoa(i)
	}
	b.ReportAllocs()
	var size int64
	for i := 0; i < b.N; i++ {
		w := &discard{}
		e := NewEncoder(w, EncoderOptions{})
		e.WriteHeader()
		e.SelectDB(0, uint64(len(keys)), 0)
		for j := range keys {
			e.WriteString(KeyInfo{Key: keys[j], ExpireMs: NoExpire, IdleSec: NoIdle, Freq: NoFreq}, vals[j])
		}
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
		size = w.n
	}
	b.SetBytes(size)
}
