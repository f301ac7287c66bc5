package engine

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/geohash"
)

func TestGeoaddLoggedAsZadd(t *testing.T) {
	e, _ := testEngine(t)
	if got := run(e, "GEOADD", "g", "CH", "13.361389", "38.115556", "Palermo"); got != rInt(1) {
		t.Fatalf("GEOADD = %q", got)
	}
	score, _ := geohash.Score(13.361389, 38.115556)
	want := rBulks("zadd", "g", "CH", strconv.FormatFloat(score, 'f', 0, 64), "Palermo")
	if got := effectsText(e); got != want {
		t.Errorf("logged %q, want %q", got, want)
	}
	// 3479099956230698 is the score redis-server 7.0.15 gives Palermo.
	if got := run(e, "ZSCORE", "g", "Palermo"); got != rBulk("3479099956230698") {
		t.Errorf("ZSCORE = %q", got)
	}
}

// geoModelPoint is one member of the brute-force model.
type geoModelPoint struct {
	member   string
	lon, lat float64
}

// TestGeoSearchModel is a property test: GEOSEARCH (cells from the
// geohash) returns exactly what a scan of every member finds, in
// distance order. Shapes stay clear of the antimeridian and the poles,
// where Redis's cells knowingly miss members (scripts/geo-diff.py checks
// those against redis-server itself).
func TestGeoSearchModel(t *testing.T) {
	rnd := rand.New(rand.NewPCG(uint64(testSeed(t)), 7))
	for round := 0; round < 30; round++ {
		e, _ := testEngine(t)
		var pts []geoModelPoint
		cLon, cLat := rnd.Float64()*200-100, rnd.Float64()*100-50
		spread := []float64{0.5, 5, 20}[rnd.IntN(3)]
		for i := 0; i < 200; i++ {
			lon := max(-180, min(180, cLon+(rnd.Float64()*2-1)*spread))
			lat := max(geohash.LatMin, min(geohash.LatMax, cLat+(rnd.Float64()*2-1)*spread))
			m := "m" + strconv.Itoa(i)
			run(e, "GEOADD", "g", strconv.FormatFloat(lon, 'f', -1, 64), strconv.FormatFloat(lat, 'f', -1, 64), m)
			score, _ := geohash.Score(lon, lat)
			dlon, dlat, _ := geohash.DecodeScore(score)
			pts = append(pts, geoModelPoint{m, dlon, dlat})
		}
		shape := geohash.Shape{Lon: cLon, Lat: cLat, Conversion: 1000}
		argv := []string{"GEOSEARCH", "g", "FROMLONLAT", strconv.FormatFloat(cLon, 'f', -1, 64),
			strconv.FormatFloat(cLat, 'f', -1, 64)}
		if rnd.IntN(2) == 0 {
			shape.Radius = float64(1 + rnd.IntN(int(spread*100)))
			argv = append(argv, "BYRADIUS", strconv.FormatFloat(shape.Radius, 'f', -1, 64), "km")
		} else {
			shape.Box = true
			shape.Width, shape.Height = float64(1+rnd.IntN(int(spread*200))), float64(1+rnd.IntN(int(spread*200)))
			argv = append(argv, "BYBOX", strconv.FormatFloat(shape.Width, 'f', -1, 64),
				strconv.FormatFloat(shape.Height, 'f', -1, 64), "km")
		}
		argv = append(argv, "ASC")
		got := run(e, argv...)
		if want := geoModelSearch(pts, &shape); got != want {
			t.Fatalf("round %d: %q\n got %.400q\nwant %.400q", round, argv, got, want)
		}
	}
}

// geoModelSearch checks every point against the shape as Redis's
// definition says (great-circle distance for radius; latitude distance
// and longitude distance along the point's parallel for a box).
func geoModelSearch(pts []geoModelPoint, s *geohash.Shape) string {
	type hit struct {
		member string
		dist   float64
	}
	var hits []hit
	for _, p := range pts {
		d := geohash.Distance(s.Lon, s.Lat, p.lon, p.lat)
		in := d <= s.Radius*s.Conversion
		if s.Box {
			in = geohash.LatDistance(p.lat, s.Lat) <= s.Height*s.Conversion/2 &&
				geohash.Distance(p.lon, p.lat, s.Lon, p.lat) <= s.Width*s.Conversion/2
		}
		if in {
			hits = append(hits, hit{p.member, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].dist < hits[j].dist })
	var sb strings.Builder
	for _, h := range hits {
		sb.WriteString(rBulk(h.member))
	}
	return "*" + strconv.Itoa(len(hits)) + "\r\n" + sb.String()
}
