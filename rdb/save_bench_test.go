package rdb

import (
	"io"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// BenchmarkSaveWhileWriting writes a snapshot of N keys (plus N/10 hashes
// of 20 fields) while another goroutine keeps overwriting keys, and
// reports how much the live heap grew during the save next to the
// dataset's live heap: the cost of the copy-on-write snapshot.
func BenchmarkSaveWhileWriting(b *testing.B) {
	for _, n := range []int{100_000, 500_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			now := time.UnixMilli(1_700_000_000_000)
			e := testEngine(&now)
			e.Lock()
			e.Populate(0, n, "key", 0)
			e.Unlock()
			for i := 0; i < n/10; i++ {
				args := []string{"HSET", "hash:" + strconv.Itoa(i)}
				for f := 0; f < 20; f++ {
					args = append(args, "field"+strconv.Itoa(f), "value-"+strconv.Itoa(f))
				}
				exec(e, 0, args...)
			}
			runtime.GC()
			base := liveHeap()
			var growth, writes int64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				start := liveHeap()
				e.Lock()
				snap := e.Snapshot()
				opts := WriteOptions{Encoder: EncoderOptionsFor(e.Config(), true, true)}
				e.Unlock()
				var peak atomic.Uint64
				peak.Store(start)
				opts.Progress = func(int64) {
					if l := liveHeap(); l > peak.Load() {
						peak.Store(l)
					}
				}
				stop := make(chan struct{})
				done := make(chan int64)
				go func() {
					w := int64(0)
					for {
						select {
						case <-stop:
							done <- w
							return
						default:
						}
						exec(e, 0, "SET", "key:"+strconv.Itoa(int(w*7919)%n), "overwritten")
						w++
					}
				}()
				if err := WriteSnapshot(io.Discard, snap, opts); err != nil {
					b.Fatal(err)
				}
				close(stop)
				writes += <-done
				growth += int64(peak.Load()) - int64(start)
			}
			b.ReportMetric(float64(base)/(1<<20), "dataset-heap-MB")
			b.ReportMetric(float64(growth)/float64(b.N)/(1<<20), "save-heap-growth-MB")
			b.ReportMetric(float64(writes)/float64(b.N), "writes-during-save")
		})
	}
}

// BenchmarkWriteSnapshot is the cost of SAVE itself: 1,000,000 strings and
// 100,000 hashes of 20 fields (issue #5's dataset), compression on.
func BenchmarkWriteSnapshot(b *testing.B) {
	now := time.UnixMilli(1_700_000_000_000)
	e := testEngine(&now)
	e.Lock()
	e.Populate(0, 1_000_000, "key", 16)
	e.Unlock()
	for i := 0; i < 100_000; i++ {
		args := []string{"HSET", "hash:" + strconv.Itoa(i)}
		for f := 0; f < 20; f++ {
			args = append(args, "field:"+strconv.Itoa(f), "value:"+strconv.Itoa(1e9+f))
		}
		exec(e, 0, args...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Lock()
		snap := e.Snapshot()
		opts := WriteOptions{Encoder: EncoderOptionsFor(e.Config(), true, true)}
		e.Unlock()
		if err := WriteSnapshot(io.Discard, snap, opts); err != nil {
			b.Fatal(err)
		}
	}
}
