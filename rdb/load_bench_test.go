package rdb

import (
	"bytes"
	"testing"
	"time"

	"github.com/strata-db/strata/engine"
)

// BenchmarkLoad1M loads a file of 1,000,000 small string keys (DEBUG
// POPULATE's shape), serially and with the decoding goroutine.
func BenchmarkLoad1M(b *testing.B) {
	now := time.UnixMilli(1_700_000_000_000)
	src := testEngine(&now)
	src.Lock()
	src.Populate(0, 1_000_000, "key", 0)
	src.Unlock()
	data := snapshotBytes(b, src, WriteOptions{})
	for _, serial := range []bool{true, false} {
		name := map[bool]string{true: "serial", false: "parallel"}[serial]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				e := engine.New(engine.Options{Now: func() time.Time { return now }})
				e.Lock()
				if _, err := Load(bytes.NewReader(data), e, LoadOptions{Serial: serial}); err != nil {
					b.Fatal(err)
				}
				e.Unlock()
			}
		})
	}
}
