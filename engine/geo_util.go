package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/geohash"
)

// Geo positions live in sorted sets: a member's score is its 52-bit
// geohash (internal/geohash), so GEO commands are sorted set commands
// with a different view of the scores.

// geoUnit returns the meters in one unit named by argument i, replying
// with Redis's error (and returning false) for an unknown unit.
func geoUnit(c *Ctx, i int) (float64, bool) {
	switch {
	case c.Is(i, "m"):
		return 1, true
	case c.Is(i, "km"):
		return 1000, true
	case c.Is(i, "ft"):
		return 0.3048, true
	case c.Is(i, "mi"):
		return 1609.34, true
	}
	c.W.Error(ErrGeoUnit)
	return 0, false
}

// geoLonLat parses arguments i and i+1 as a longitude and latitude inside
// the Web Mercator limits.
func geoLonLat(c *Ctx, i int) (lon, lat float64, ok bool) {
	if lon, ok = c.Float(i); !ok {
		return 0, 0, false
	}
	if lat, ok = c.Float(i + 1); !ok {
		return 0, 0, false
	}
	if lon < geohash.LonMin || lon > geohash.LonMax || lat < geohash.LatMin || lat > geohash.LatMax {
		c.W.Error(fmt.Sprintf(ErrGeoLonLat, cFixed6(lon), cFixed6(lat)))
		return 0, 0, false
	}
	return lon, lat, true
}

// cFixed6 formats f as C's "%f".
func cFixed6(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'f', 6, 64)
}

// geoFloatMsg parses argument i as a double, replying with msg when it is
// not one.
func geoFloatMsg(c *Ctx, i int, msg string) (float64, bool) {
	f, ok := ParseFloat(c.Args[i])
	if !ok {
		c.W.Error(msg)
	}
	return f, ok
}

// geoDistanceText formats a distance with four decimals, rounding half to
// even on the scaled value as Redis's fixed-point formatter does.
func geoDistanceText(d float64) string {
	if d == 0 {
		return "0.0000"
	}
	v := int64(math.RoundToEven(d * 10000))
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	if len(s) < 5 {
		s = strings.Repeat("0", 5-len(s)) + s
	}
	s = s[:len(s)-4] + "." + s[len(s)-4:]
	if neg {
		s = "-" + s
	}
	return s
}

// humanDouble formats f as Redis's "human" long double: %.17Lf of the
// exact value with trailing zeros (and a bare dot) removed.
func humanDouble(f float64) string {
	s := strconv.FormatFloat(f, 'f', 17, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// writeHumanDouble replies with f as Redis's addReplyHumanLongDouble: a
// bulk string in RESP2, a double in RESP3.
func writeHumanDouble(c *Ctx, f float64) {
	s := humanDouble(f)
	if c.W.Proto == 2 {
		c.W.BulkString(s)
		return
	}
	c.W.Raw([]byte("," + s + "\r\n"))
}

// geoMemberPos returns the position of member in z.
func geoMemberPos(z *ZSet, member string) (lon, lat float64, ok bool) {
	score, ok := z.Score(member)
	if !ok {
		return 0, 0, false
	}
	return geohash.DecodeScore(score)
}
