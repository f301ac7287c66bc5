package wal

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// BenchmarkGroupCommit measures Append+WaitDurable under Always with N
// concurrent clients on a disk whose fsync takes syncDelay. Group commit
// shows as acks/fsync well above 1: one fsync releases every waiter that
// queued behind the previous one.
func BenchmarkGroupCommit(b *testing.B) {
	for _, delay := range []time.Duration{0, 500 * time.Microsecond} {
		for _, clients := range []int{1, 8, 64, 256} {
			for _, size := range []int{64, 1024} {
				name := fmt.Sprintf("fsync=%v/clients=%d/bytes=%d", delay, clients, size)
				b.Run(name, func(b *testing.B) { benchGroupCommit(b, delay, clients, size) })
			}
		}
	}
}

func benchGroupCommit(b *testing.B, delay time.Duration, clients, size int) {
	fp := &Failpoints{}
	fp.DelaySync(delay)
	w := NewWriter(Options{File: createFile(b, vfs.NewMem(), "log"), Policy: Always, Failpoints: fp})
	payload := make([]byte, size)
	var order sync.Mutex
	var lsn uint64
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		n := b.N / clients
		if c < b.N%clients {
			n++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n; i++ {
				order.Lock() // the server's writer order assigns LSNs
				lsn++
				my := lsn
				err := w.Append(payload, my)
				order.Unlock()
				if err == nil {
					err = w.WaitDurable(my)
				}
				if err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	st := w.Stats()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	fsyncs := max(st.Fsyncs, 1)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "acks/s")
	b.ReportMetric(float64(st.Fsyncs)/elapsed.Seconds(), "fsyncs/s")
	b.ReportMetric(float64(b.N)/float64(fsyncs), "acks/fsync")
}
