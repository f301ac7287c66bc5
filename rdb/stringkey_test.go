package rdb

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// stringCollector is a StringHandler that keeps every string it is given.
type stringCollector struct {
	Funcs
	got   map[string]string
	calls int
}

func (c *stringCollector) StringKey(meta *KeyInfo, _ Type, value string) error {
	c.calls++
	if c.got != nil {
		c.got[fmt.Sprintf("%d/%s", meta.DB, meta.Key)] = value
	}
	return nil
}

// A StringHandler gets every string record, with keys and values that stay
// intact after the decoder has read on (they are copied out of its buffer),
// whatever the value's encoding: integer, LZF, short enough to share the
// key's allocation or not.
func TestStringHandlerKeepsKeysAndValues(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	src := testEngine(&now)
	rng := rand.New(rand.NewPCG(3, 4))
	want := map[string]string{}
	for i := range 3000 {
		db, key := rng.IntN(3), fmt.Sprintf("key:%d:%s", i, strings.Repeat("k", rng.IntN(40)))
		var val string
		switch i % 5 {
		case 0:
			val = randString(rng)
		case 1:
			val = strings.Repeat("v", maxSharedValue)
		case 2:
			val = strings.Repeat("w", maxSharedValue+1)
		case 3:
			val = ""
		default:
			val = fmt.Sprint(rng.Int64())
		}
		mustExec(t, src, db, "SET", key, val)
		want[fmt.Sprintf("%d/%s", db, key)] = val
	}
	mustExec(t, src, 0, "RPUSH", "list", "a", "b") // not a string: goes to Key
	data := snapshotBytes(t, src, WriteOptions{})
	c := &stringCollector{got: map[string]string{}}
	lists := 0
	c.OnKey = func(rec *Record) error { lists++; return nil }
	if err := NewDecoder(bytes.NewReader(data), Options{}).Decode(c); err != nil {
		t.Fatal(err)
	}
	if lists != 1 || len(c.got) != len(want) {
		t.Fatalf("%d strings and %d other keys, want %d and 1", len(c.got), lists, len(want))
	}
	for k, v := range want {
		if c.got[k] != v {
			t.Errorf("%s = %q, want %q", k, c.got[k], v)
		}
	}
}

// Decoding a small string key costs one allocation with a StringHandler
// (key and value together), where Key costs four.
func TestStringHandlerAllocatesOncePerKey(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	src := testEngine(&now)
	const keys = 1000
	for i := range keys {
		mustExec(t, src, 0, "SET", fmt.Sprintf("key:%d", i), "some value 16 by")
	}
	data := snapshotBytes(t, src, WriteOptions{})
	c := &stringCollector{}
	var r bytes.Reader
	allocs := testing.AllocsPerRun(5, func() {
		r.Reset(data)
		if err := NewDecoder(&r, Options{}).Decode(c); err != nil {
			t.Fatal(err)
		}
	})
	if c.calls != 6*keys { // AllocsPerRun runs once more to warm up
		t.Fatalf("StringKey called %d times, want %d", c.calls, 6*keys)
	}
	if perKey := allocs / keys; perKey > 1.05 {
		t.Errorf("%.2f allocations per key, want 1", perKey)
	}
}
