// Package geohash is Redis's geohash: 26-step (52-bit) interleaved
// hashes of (longitude, latitude) stored as sorted set scores, decoding
// back to cell centers, neighbor cells, great-circle distance, and the
// cells to scan for a radius or box search. The numbers must match Redis
// 7.0 bit for bit: scores travel between servers as plain doubles.
//
// Bit layout of a hash of step s (2s bits): latitude bits in the even
// positions, longitude bits in the odd ones, most significant first. A
// score is a step-26 hash, i.e. 52 bits, exact in a float64.
package geohash

import "math"

const (
	// StepMax is the precision of stored scores: 26 steps, 52 bits.
	StepMax = 26
	LatMin  = -85.05112878
	LatMax  = 85.05112878
	LonMin  = -180.0
	LonMax  = 180.0
	// EarthRadius is Redis's Earth radius in meters (WGS-84 quadratic
	// mean).
	EarthRadius = 6372797.560856
	mercatorMax = 20037726.37
	degToRad    = math.Pi / 180.0
)

// Range is a closed interval of one coordinate.
type Range struct{ Min, Max float64 }

// Bits is a hash of Step steps.
type Bits struct {
	Bits uint64
	Step uint8
}

// IsZero reports the "no cell" value used for dropped neighbors.
func (b Bits) IsZero() bool { return b.Bits == 0 && b.Step == 0 }

// Area is a hash with the coordinates it covers.
type Area struct {
	Hash     Bits
	Lon, Lat Range
}

var (
	// WGS84Lon and WGS84Lat are the ranges of stored positions (Web
	// Mercator's latitude limits).
	WGS84Lon = Range{LonMin, LonMax}
	WGS84Lat = Range{LatMin, LatMax}
	// StdLon and StdLat are the ranges of standard geohash strings.
	StdLon = Range{-180, 180}
	StdLat = Range{-90, 90}
)

// spread moves the low 32 bits of v to the even bit positions.
func spread(v uint64) uint64 {
	v = (v | v<<16) & 0x0000FFFF0000FFFF
	v = (v | v<<8) & 0x00FF00FF00FF00FF
	v = (v | v<<4) & 0x0F0F0F0F0F0F0F0F
	v = (v | v<<2) & 0x3333333333333333
	v = (v | v<<1) & 0x5555555555555555
	return v
}

// squash is the inverse of spread: even bits gathered into the low 32.
func squash(v uint64) uint64 {
	v &= 0x5555555555555555
	v = (v | v>>1) & 0x3333333333333333
	v = (v | v>>2) & 0x0F0F0F0F0F0F0F0F
	v = (v | v>>4) & 0x00FF00FF00FF00FF
	v = (v | v>>8) & 0x0000FFFF0000FFFF
	v = (v | v>>16) & 0x00000000FFFFFFFF
	return v
}

func interleave(lat, lon uint32) uint64 { return spread(uint64(lat)) | spread(uint64(lon))<<1 }

// Encode hashes (lon, lat) in the given ranges at step (1..32); ok is
// false outside the Web Mercator limits or the ranges.
func Encode(lonR, latR Range, lon, lat float64, step uint8) (Bits, bool) {
	if step == 0 || step > 32 {
		return Bits{}, false
	}
	if lon > LonMax || lon < LonMin || lat > LatMax || lat < LatMin {
		return Bits{}, false
	}
	if lat < latR.Min || lat > latR.Max || lon < lonR.Min || lon > lonR.Max {
		return Bits{Step: step}, false
	}
	latOff := (lat - latR.Min) / (latR.Max - latR.Min)
	lonOff := (lon - lonR.Min) / (lonR.Max - lonR.Min)
	latOff *= float64(uint64(1) << step)
	lonOff *= float64(uint64(1) << step)
	return Bits{Bits: interleave(uint32(latOff), uint32(lonOff)), Step: step}, true
}

// EncodeWGS84 hashes a position at step.
func EncodeWGS84(lon, lat float64, step uint8) (Bits, bool) {
	return Encode(WGS84Lon, WGS84Lat, lon, lat, step)
}

// Score returns the 52-bit score of a valid position.
func Score(lon, lat float64) (float64, bool) {
	h, ok := EncodeWGS84(lon, lat, StepMax)
	return float64(Align52(h)), ok
}

// Align52 shifts a hash to 52 bits.
func Align52(h Bits) uint64 { return h.Bits << (52 - uint(h.Step)*2) }

// Decode returns the cell of h; ok is false for the zero hash.
func Decode(lonR, latR Range, h Bits) (Area, bool) {
	if h.IsZero() {
		return Area{}, false
	}
	lat := float64(uint32(squash(h.Bits)))
	lon := float64(uint32(squash(h.Bits >> 1)))
	cells := float64(uint64(1) << h.Step)
	latScale := latR.Max - latR.Min
	lonScale := lonR.Max - lonR.Min
	return Area{
		Hash: h,
		Lat:  Range{latR.Min + (lat/cells)*latScale, latR.Min + ((lat+1)/cells)*latScale},
		Lon:  Range{lonR.Min + (lon/cells)*lonScale, lonR.Min + ((lon+1)/cells)*lonScale},
	}, true
}

// Center returns the middle of a cell, clamped to the valid ranges.
func (a Area) Center() (lon, lat float64) {
	lon = (a.Lon.Min + a.Lon.Max) / 2
	lon = math.Max(LonMin, math.Min(LonMax, lon))
	lat = (a.Lat.Min + a.Lat.Max) / 2
	lat = math.Max(LatMin, math.Min(LatMax, lat))
	return lon, lat
}

// DecodeScore returns the position a sorted set score stands for.
func DecodeScore(score float64) (lon, lat float64, ok bool) {
	a, ok := Decode(WGS84Lon, WGS84Lat, Bits{Bits: uint64(score), Step: StepMax})
	if !ok {
		return 0, 0, false
	}
	lon, lat = a.Center()
	return lon, lat, true
}

// LatDistance is the meridian distance between two latitudes.
func LatDistance(lat1, lat2 float64) float64 {
	return EarthRadius * math.Abs(lat2*degToRad-lat1*degToRad)
}

// fastDistance is Distance with the math package's trigonometry: within
// a few ulps of it, for filtering.
func fastDistance(lon1, lat1, lon2, lat2 float64) float64 {
	lon1r, lon2r := lon1*degToRad, lon2*degToRad
	v := math.Sin((lon2r - lon1r) / 2)
	if v == 0 {
		return LatDistance(lat1, lat2)
	}
	lat1r, lat2r := lat1*degToRad, lat2*degToRad
	u := math.Sin((lat2r - lat1r) / 2)
	a := u*u + math.Cos(lat1r)*math.Cos(lat2r)*v*v
	return 2.0 * EarthRadius * math.Asin(math.Sqrt(a))
}

// Distance is the haversine distance in meters, rounded as Redis's (with
// glibc) in all but rare cases.
func Distance(lon1, lat1, lon2, lat2 float64) float64 {
	// NB: the float64 conversions forbid fused multiply-adds: each step
	// rounds as it does in Redis's C.
	lon1r, lon2r := lon1*degToRad, lon2*degToRad
	v := crSin((lon2r - lon1r) / 2)
	if v == 0 {
		return LatDistance(lat1, lat2)
	}
	lat1r, lat2r := lat1*degToRad, lat2*degToRad
	u := crSin((lat2r - lat1r) / 2)
	a := float64(u*u) + float64(float64(float64(crCos(lat1r)*crCos(lat2r))*v)*v)
	return float64(2.0*EarthRadius) * crAsin(math.Sqrt(a))
}
