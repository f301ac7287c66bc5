package engine

import (
	"strconv"
	"testing"
)

func BenchmarkPFADD(b *testing.B) {
	for _, n := range []int{100, 100000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			e, _ := testEngine(b)
			for i := 0; i < n; i++ {
				run(e, "PFADD", "h", strconv.Itoa(i))
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				run(e, "PFADD", "h", strconv.Itoa(i+n))
			}
		})
	}
}

func BenchmarkPFCOUNTStale(b *testing.B) {
	e, _ := testEngine(b)
	for i := 0; i < 100000; i++ {
		run(e, "PFADD", "h", strconv.Itoa(i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run(e, "PFADD", "h", strconv.Itoa(i+100000))
		run(e, "PFCOUNT", "h")
	}
}

func BenchmarkGEOSEARCH(b *testing.B) {
	e, _ := testEngine(b)
	for i := 0; i < 10000; i++ {
		lon := 12 + float64(i%100)*0.04
		lat := 36 + float64(i/100)*0.03
		run(e, "GEOADD", "g", strconv.FormatFloat(lon, 'f', 6, 64), strconv.FormatFloat(lat, 'f', 6, 64), "m"+strconv.Itoa(i))
	}
	for _, opts := range [][]string{{"100", "km"}, {"100", "km", "ASC", "WITHDIST"}} {
		b.Run(opts[len(opts)-1], func(b *testing.B) {
			argv := append([]string{"GEOSEARCH", "g", "FROMLONLAT", "14", "37.5", "BYRADIUS"}, opts...)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				run(e, argv...)
			}
		})
	}
}
