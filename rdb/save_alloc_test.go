package rdb

import (
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Writing a snapshot allocates nothing per key: what a save allocates is
// garbage made while writers go on, and it brings the collector into the
// save (server/gc.go). A range-over-func body handed to an iterator the
// encoder cannot see was a heap closure per pass per key.
func TestWriteSnapshotAllocatesNothingPerKey(t *testing.T) {
	for _, typ := range []string{"string", "hash", "bighash", "list", "biglist", "set", "intset", "bigset", "zset", "bigzset"} {
		t.Run(typ, func(t *testing.T) {
			keys := 1000
			if strings.HasPrefix(typ, "big") {
				keys = 100
			}
			now := time.UnixMilli(1_700_000_000_000)
			e := testEngine(&now)
			add := func(from, to int) {
				for i := from; i < to; i++ {
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
					case "biglist":
						args := []string{"RPUSH", k}
						for j := 0; j < 300; j++ {
							args = append(args, strconv.Itoa(j)+"-element-of-a-list-long-enough-for-two-nodes")
						}
						exec(e, 0, args...)
					case "set":
						exec(e, 0, "SADD", k, "a", "b", "c")
					case "intset":
						exec(e, 0, "SADD", k, "1", "2", "3")
					case "bigset":
						args := []string{"SADD", k}
						for j := 0; j < 600; j++ {
							args = append(args, strconv.Itoa(j))
						}
						exec(e, 0, args...)
					case "zset":
						exec(e, 0, "ZADD", k, "1", "a", "2.5", "b")
					case "bigzset":
						args := []string{"ZADD", k}
						for j := 0; j < 200; j++ {
							args = append(args, strconv.Itoa(j)+".5", "m"+strconv.Itoa(j))
						}
						exec(e, 0, args...)
					}
				}
			}
			save := func() float64 {
				e.Lock()
				snap := e.Snapshot()
				opts := WriteOptions{Encoder: EncoderOptionsFor(e.Config(), true, true)}
				e.Unlock()
				return testing.AllocsPerRun(3, func() {
					if err := WriteSnapshot(io.Discard, snap, opts); err != nil {
						t.Fatal(err)
					}
				})
			}
			add(0, keys)
			one := save()
			add(keys, 2*keys)
			two := save()
			// NB: the difference leaves out what a save allocates once.
			if perKey := (two - one) / float64(keys); perKey > 0.05 {
				t.Errorf("%.0f allocations for %d keys, %.0f for %d (%.2f per key)", one, keys, two, 2*keys, perKey)
			}
		})
	}
}
