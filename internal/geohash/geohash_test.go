package geohash

import (
	"flag"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

var seedFlag = flag.Int64("seed", 0, "random seed (0: time based)")

func testSeed(t *testing.T) int64 {
	s := *seedFlag
	if s == 0 {
		s = time.Now().UnixNano()
	}
	t.Logf("seed %d (rerun with -seed %d)", s, s)
	return s
}

// TestEncodeDecodeRoundTrip: the decoded center of a position's cell is
// within half a cell of it, and encoding the center gives the same cell.
func TestEncodeDecodeRoundTrip(t *testing.T) {
	rnd := rand.New(rand.NewPCG(uint64(testSeed(t)), 1))
	for i := 0; i < 10000; i++ {
		lon := LonMin + rnd.Float64()*(LonMax-LonMin)
		lat := LatMin + rnd.Float64()*(LatMax-LatMin)
		score, ok := Score(lon, lat)
		if !ok {
			t.Fatalf("Score(%v, %v) refused", lon, lat)
		}
		dlon, dlat, ok := DecodeScore(score)
		if !ok {
			t.Fatal("decode refused")
		}
		if math.Abs(dlon-lon) > 360.0/(1<<26) || math.Abs(dlat-lat) > 171.0/(1<<26) {
			t.Fatalf("(%v, %v) decoded to (%v, %v)", lon, lat, dlon, dlat)
		}
		if again, _ := Score(dlon, dlat); again != score {
			t.Fatalf("center of %v re-encodes to %v", score, again)
		}
	}
	if _, ok := Score(181, 0); ok {
		t.Error("longitude 181 accepted")
	}
	if _, ok := Score(0, 85.06); ok {
		t.Error("latitude 85.06 accepted")
	}
}

// TestDistanceModel checks the haversine against a plain float64 model
// (the math package) to within a few ulps, and known values.
func TestDistanceModel(t *testing.T) {
	rnd := rand.New(rand.NewPCG(uint64(testSeed(t)), 2))
	for i := 0; i < 10000; i++ {
		lon1, lat1 := rnd.Float64()*360-180, rnd.Float64()*170-85
		lon2, lat2 := rnd.Float64()*360-180, rnd.Float64()*170-85
		u := math.Sin((lat2 - lat1) * degToRad / 2)
		v := math.Sin((lon2 - lon1) * degToRad / 2)
		a := u*u + math.Cos(lat1*degToRad)*math.Cos(lat2*degToRad)*v*v
		want := 2 * EarthRadius * math.Asin(math.Sqrt(a))
		if got := Distance(lon1, lat1, lon2, lat2); math.Abs(got-want) > 1e-6*math.Max(1, want)*1e-3 {
			t.Fatalf("Distance(%v,%v,%v,%v) = %v, model %v", lon1, lat1, lon2, lat2, got, want)
		}
	}
	// Palermo-Catania, as GEODIST in Redis's documentation (166274.1516 m).
	if d := Distance(13.361389338970184, 38.115556395496299, 15.087267458438873, 37.50266842333162); math.Abs(d-166274.1516) > 0.001 {
		t.Errorf("Palermo-Catania = %v", d)
	}
}

// TestTrigNearMath keeps the double-double functions within a few ulps
// of the math package (which is itself off by an ulp or two; exactness
// against glibc is pinned by the engine's transcript test).
func TestTrigNearMath(t *testing.T) {
	rnd := rand.New(rand.NewPCG(uint64(testSeed(t)), 3))
	for i := 0; i < 20000; i++ {
		x := (rnd.Float64()*2 - 1) * math.Pi
		s, c := crSin(x), crCos(x)
		if math.Abs(s-math.Sin(x)) > 1e-14 || math.Abs(c-math.Cos(x)) > 1e-14 {
			t.Fatalf("sin/cos(%v) = %v, %v; math: %v, %v", x, s, c, math.Sin(x), math.Cos(x))
		}
		y := rnd.Float64()
		if a := crAsin(y); math.Abs(a-math.Asin(y)) > 1e-13 {
			t.Fatalf("asin(%v) = %v; math: %v", y, a, math.Asin(y))
		}
	}
}

func BenchmarkDistance(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Distance(13.361389, 38.115556, 15.087269+float64(i&7)*1e-3, 37.502669)
	}
}

func BenchmarkFastDistance(b *testing.B) {
	for i := 0; i < b.N; i++ {
		fastDistance(13.361389, 38.115556, 15.087269+float64(i&7)*1e-3, 37.502669)
	}
}
