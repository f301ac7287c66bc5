package rdb

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The fixtures in testdata were written (or, for legacy-*, verified) by
// redis-server 7.0.15; each JSON holds the dataset Redis loads from it.

type fixture struct {
	Kind      string          `json:"kind"`
	Functions []string        `json:"functions"`
	Keys      []fixtureKey    `json:"keys"`
	Raw       json.RawMessage `json:"-"`
}

type fixtureKey struct {
	DB       int             `json:"db"`
	Key      json.RawMessage `json:"key"`
	Type     string          `json:"type"`
	RDBType  *int            `json:"rdb_type"`
	ExpireAt *int64          `json:"expire_at_ms"`
	Value    json.RawMessage `json:"value"`
}

// jsonBytes decodes a byte string: a JSON string, or {"base64": ...}.
func jsonBytes(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b struct {
		Base64 string `json:"base64"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatalf("bad byte string %s", raw)
	}
	p, err := base64.StdEncoding.DecodeString(b.Base64)
	if err != nil {
		t.Fatal(err)
	}
	return string(p)
}

// toJSONBytes renders s the way the fixture JSON does.
func toJSONBytes(s string) any {
	if strings.ToValidUTF8(s, "\uFFFD") == s {
		return s
	}
	return map[string]string{"base64": base64.StdEncoding.EncodeToString([]byte(s))}
}

// formatScore renders a score as a Redis 7.0 reply does (%.17g).
func formatScore(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', 17, 64)
}

// canonical renders a decoded value in the fixture's JSON shape.
func canonical(v any) any {
	switch v := v.(type) {
	case string:
		return toJSONBytes(v)
	case List:
		out := []any{}
		for _, e := range v {
			out = append(out, toJSONBytes(e))
		}
		return out
	case Set:
		s := slices.Clone([]string(v))
		sort.Strings(s)
		return canonical(List(s))
	case ZSet:
		z := slices.Clone(v)
		sort.Slice(z, func(i, j int) bool {
			if z[i].Score != z[j].Score {
				return z[i].Score < z[j].Score
			}
			return z[i].Member < z[j].Member
		})
		out := []any{}
		for _, m := range z {
			out = append(out, []any{toJSONBytes(m.Member), formatScore(m.Score)})
		}
		return out
	case Hash:
		h := slices.Clone(v)
		sort.Slice(h, func(i, j int) bool { return h[i].Field < h[j].Field })
		return pairs(h)
	case *Stream:
		return canonicalStream(v)
	}
	panic("unknown value type")
}

func pairs(h []FieldValue) []any {
	out := []any{}
	for _, fv := range h {
		out = append(out, []any{toJSONBytes(fv.Field), toJSONBytes(fv.Value)})
	}
	return out
}

func canonicalStream(s *Stream) any {
	entries := []any{}
	for _, e := range s.Entries {
		entries = append(entries, map[string]any{"id": e.ID.String(), "fields": pairs(e.Fields)})
	}
	groups := []any{}
	for _, g := range s.Groups {
		var read any
		if g.EntriesRead >= 0 {
			read = g.EntriesRead
		}
		pel := []any{}
		for _, p := range g.PEL {
			pel = append(pel, map[string]any{"id": p.ID.String(), "consumer": toJSONBytes(p.Consumer),
				"delivery_time_ms": p.DeliveryTimeMs, "delivery_count": p.DeliveryCount})
		}
		consumers := []any{}
		for _, c := range g.Consumers {
			ids := []any{}
			for _, id := range c.Pending {
				ids = append(ids, id.String())
			}
			consumers = append(consumers, map[string]any{"name": toJSONBytes(c.Name),
				"seen_time_ms": c.SeenTimeMs, "pending": ids})
		}
		groups = append(groups, map[string]any{"name": toJSONBytes(g.Name),
			"last_delivered_id": g.LastDeliveredID.String(), "entries_read": read,
			"pel": pel, "consumers": consumers})
	}
	return map[string]any{"length": s.Length, "last_id": s.LastID.String(),
		"first_id": s.FirstID.String(), "max_deleted_entry_id": s.MaxDeletedID.String(),
		"entries_added": s.EntriesAdded, "entries": entries, "groups": groups}
}

// normalize round-trips through JSON so both sides compare as plain data.
func normalize(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func normalizeRaw(t *testing.T, raw json.RawMessage) any {
	var out any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

type decoded struct {
	recs      []*Record
	aux       map[string]string
	functions []string
	resize    map[int][2]uint64
}

func decodeBytes(data []byte, opts Options) (*decoded, *Decoder, error) {
	out := &decoded{aux: map[string]string{}, resize: map[int][2]uint64{}}
	d := NewDecoder(bytes.NewReader(data), opts)
	err := d.Decode(Funcs{
		OnAux:      func(k, v string) error { out.aux[k] = v; return nil },
		OnResizeDB: func(db int, k, e uint64) error { out.resize[db] = [2]uint64{k, e}; return nil },
		OnFunction: func(lib string) error { out.functions = append(out.functions, lib); return nil },
		OnKey:      func(r *Record) error { out.recs = append(out.recs, r); return nil },
	})
	return out, d, err
}

func fixtureNames(t testing.TB) []string {
	names, err := filepath.Glob("testdata/*.rdb")
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return names
}

func TestDecodeFixtures(t *testing.T) {
	for _, name := range fixtureNames(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var fx fixture
			js, err := os.ReadFile(strings.TrimSuffix(name, ".rdb") + ".json")
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(js, &fx); err != nil {
				t.Fatal(err)
			}
			got, d, err := decodeBytes(data, Options{})
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if d.Offset() != int64(len(data)) {
				t.Errorf("stopped at %d of %d bytes", d.Offset(), len(data))
			}
			compareFixture(t, &fx, got)
		})
	}
}

func compareFixture(t *testing.T, fx *fixture, got *decoded) {
	sort.SliceStable(got.recs, func(i, j int) bool {
		a, b := got.recs[i], got.recs[j]
		if a.DB != b.DB {
			return a.DB < b.DB
		}
		return a.Key < b.Key
	})
	if len(got.recs) != len(fx.Keys) {
		t.Fatalf("%d keys, fixture has %d", len(got.recs), len(fx.Keys))
	}
	for i, want := range fx.Keys {
		r := got.recs[i]
		key := jsonBytes(t, want.Key)
		if r.DB != want.DB || r.Key != key {
			t.Fatalf("key %d: got db %d %q, want db %d %q", i, r.DB, r.Key, want.DB, key)
		}
		if r.Type.Kind().String() != want.Type {
			t.Errorf("%q: kind %s, want %s", key, r.Type.Kind(), want.Type)
		}
		if want.RDBType != nil && int(r.Type) != *want.RDBType {
			t.Errorf("%q: rdb type %d, want %d", key, r.Type, *want.RDBType)
		}
		wantExp := int64(NoExpire)
		if want.ExpireAt != nil {
			wantExp = *want.ExpireAt
		}
		if r.ExpireMs != wantExp {
			t.Errorf("%q: expire %d, want %d", key, r.ExpireMs, wantExp)
		}
		g, w := normalize(t, canonical(r.Value)), normalizeRaw(t, want.Value)
		if !reflect.DeepEqual(g, w) {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			t.Errorf("%q: value differs\n got %.600s\nwant %.600s", key, gj, wj)
		}
	}
	if len(fx.Functions) != len(got.functions) {
		t.Errorf("functions: got %d, want %v", len(got.functions), fx.Functions)
	}
	for i, name := range fx.Functions {
		if i < len(got.functions) && !strings.Contains(got.functions[i], "name="+name) {
			t.Errorf("function %d: %.80q does not name %s", i, got.functions[i], name)
		}
	}
}

func deepEqual(a, b any) bool { return reflect.DeepEqual(a, b) }
