package rdb

import (
	"io"
	"strconv"
	"testing"
	"time"
)

// Writing a snapshot allocates nothing per key: what a save allocates is
// garbage made while writers go on, and it brings the collector into the
// save (server/gc.go). A range-over-func body handed to an iterator the
// encoder cannot see was a heap closure per pass per key.
func TestWriteSnapshotAllocatesNothingPerKey(t *testing.T) {
	for _, typ := range []string{"string", "hash", "bighash", "list", "set", "intset", "zset"} {
		t.Run(typ, func(t *testing.T) {
			now := time.UnixMilli(1_700_000_000_000)
			e := testEngine(&now)
			const keys = 2000
			for i := 0; i < keys; i++ {
				k := typ + ":" + strconv.Itoa(i)
				switch typ {
				case "string":
					exec(e, 0, "SET", k, "value-"+strconv.Itoa(i))
				case "hash":
					exec(e, 0, "HSET", k, "f1", "v1", "f2", "22", "f3", "v3")
				case "bighash":
					args := []string{"HSET", k}
					for f := 0; f < 200; f++ {
						args = append(args, "f"+strconv.Itoa(f), "v")
					}
					exec(e, 0, args...)
				case "list":
					exec(e, 0, "RPUSH", k, "a", "b", "3")
				case "set":
					exec(e, 0, "SADD", k, "a", "b", "c")
				case "intset":
					exec(e, 0, "SADD", k, "1", "2", "3")
				case "zset":
					exec(e, 0, "ZADD", k, "1", "a", "2.5", "b")
				}
			}
			e.Lock()
			snap := e.Snapshot()
			opts := WriteOptions{Encoder: EncoderOptionsFor(e.Config(), true, true)}
			e.Unlock()
			allocs := testing.AllocsPerRun(3, func() {
				if err := WriteSnapshot(io.Discard, snap, opts); err != nil {
					t.Fatal(err)
				}
			})
			if perKey := allocs / keys; perKey > 0.05 {
				t.Errorf("%.0f allocations for %d keys (%.2f per key)", allocs, keys, perKey)
			}
		})
	}
}
