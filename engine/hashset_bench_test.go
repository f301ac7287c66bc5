package engine

import (
	"runtime"
	"strconv"
	"testing"
)

// heapInUse returns the live heap after a full collection.
func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func reportGC(b *testing.B) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.PauseTotalNs)/1e6, "gc-pause-total-ms")
	b.ReportMetric(m.GCCPUFraction*100, "gc-cpu-%")
}

// BenchmarkWriteAfterSnapshot measures what one write to each of 1,000
// hashtable-encoded collections costs while a snapshot holds them: the
// bytes the writes allocate and the heap they add (the copied paths).
func BenchmarkWriteAfterSnapshot(b *testing.B) {
	for _, kind := range []string{"set", "hash"} {
		b.Run(kind, func(b *testing.B) {
			e, _ := testEngine(b)
			const colls, members = 1000, 1000
			for i := 0; i < colls; i++ {
				if kind == "set" {
					bigSet(e, "k"+strconv.Itoa(i), members)
				} else {
					bigHash(e, "k"+strconv.Itoa(i), members)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			var allocated, grown uint64
			for n := 0; n < b.N; n++ {
				e.Lock()
				snap := e.Snapshot()
				e.Unlock()
				before := heapInUse()
				allocated += allocatedBy(func() {
					for i := 0; i < colls; i++ {
						if kind == "set" {
							run(e, "SADD", "k"+strconv.Itoa(i), "x"+strconv.Itoa(n))
						} else {
							run(e, "HSET", "k"+strconv.Itoa(i), "x"+strconv.Itoa(n), "v")
						}
						e.TakeEffects()
					}
				})
				grown += heapInUse() - before
				runtime.KeepAlive(snap)
			}
			b.ReportMetric(float64(allocated)/float64(b.N*colls), "alloc-B/write")
			b.ReportMetric(float64(grown)/float64(b.N*colls), "heap-B/write")
			b.ReportMetric(float64(members*colls), "members")
			reportGC(b)
		})
	}
}

// BenchmarkSmallHashMemory reports the heap each small hash (10 fields of
// short strings, listpack encoded) takes, key and keyspace entry included.
// Redis 7.0.15 uses about 150-200 bytes of RSS per such hash.
func BenchmarkSmallHashMemory(b *testing.B) {
	const hashes = 200_000
	for n := 0; n < b.N; n++ {
		e, _ := testEngine(b)
		before := heapInUse()
		args := []string{"HSET", ""}
		for f := 0; f < 10; f++ {
			args = append(args, "field"+strconv.Itoa(f), "value"+strconv.Itoa(f))
		}
		for i := 0; i < hashes; i++ {
			args[1] = "hash:" + strconv.Itoa(i)
			run(e, args...)
			e.TakeEffects() // the log is not part of the dataset
		}
		after := heapInUse()
		b.ReportMetric(float64(after-before)/hashes, "heap-B/hash")
		runtime.KeepAlive(e)
	}
	reportGC(b)
}
