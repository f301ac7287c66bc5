package geohash

import "math"

// Shape is a search area around a center: a circle of Radius or a box of
// Width x Height, all in the unit given by Conversion (meters per unit).
type Shape struct {
	Lon, Lat      float64
	Box           bool
	Radius        float64
	Width, Height float64
	Conversion    float64
}

// bounds returns the shape's bounding box: min lon, min lat, max lon,
// max lat.
func (s *Shape) bounds() [4]float64 {
	h, w := s.Radius, s.Radius
	if s.Box {
		h, w = s.Height/2, s.Width/2
	}
	h *= s.Conversion
	w *= s.Conversion
	latDelta := h / EarthRadius / degToRad
	top := w / EarthRadius / crCos((s.Lat+latDelta)*degToRad) / degToRad
	bottom := w / EarthRadius / crCos((s.Lat-latDelta)*degToRad) / degToRad
	// The wider edge is the one nearer the equator.
	d := top
	if s.Lat < 0 {
		d = bottom
	}
	return [4]float64{s.Lon - d, s.Lat - latDelta, s.Lon + d, s.Lat + latDelta}
}

// radiusMeters is the radius of the circle around the shape.
func (s *Shape) radiusMeters() float64 {
	r := s.Radius
	if s.Box {
		r = math.Sqrt((s.Width/2)*(s.Width/2) + (s.Height/2)*(s.Height/2))
	}
	return r * s.Conversion
}

// estimateSteps picks the coarsest step whose cells still resolve the
// radius, one or two steps coarser near the poles.
func estimateSteps(meters, lat float64) uint8 {
	if meters == 0 {
		return 26
	}
	step := 1
	for meters < mercatorMax {
		meters *= 2
		step++
	}
	step -= 2
	if lat > 66 || lat < -66 {
		step--
		if lat > 80 || lat < -80 {
			step--
		}
	}
	return uint8(max(1, min(26, step)))
}

// moveX moves a hash one cell east (d > 0) or west (d < 0), wrapping.
func moveX(h Bits, d int) Bits {
	x := h.Bits & 0xaaaaaaaaaaaaaaaa
	y := h.Bits & 0x5555555555555555
	zz := uint64(0x5555555555555555) >> (64 - uint(h.Step)*2)
	if d > 0 {
		x += zz + 1
	} else {
		x |= zz
		x -= zz + 1
	}
	x &= 0xaaaaaaaaaaaaaaaa >> (64 - uint(h.Step)*2)
	return Bits{Bits: x | y, Step: h.Step}
}

// moveY moves a hash one cell north (d > 0) or south (d < 0), wrapping.
func moveY(h Bits, d int) Bits {
	x := h.Bits & 0xaaaaaaaaaaaaaaaa
	y := h.Bits & 0x5555555555555555
	zz := uint64(0xaaaaaaaaaaaaaaaa) >> (64 - uint(h.Step)*2)
	if d > 0 {
		y += zz + 1
	} else {
		y |= zz
		y -= zz + 1
	}
	y &= 0x5555555555555555 >> (64 - uint(h.Step)*2)
	return Bits{Bits: x | y, Step: h.Step}
}

// Neighbor directions, in the order Redis scans the cells.
const (
	north = iota
	south
	east
	west
	northEast
	northWest
	southEast
	southWest
)

func neighbors(h Bits) [8]Bits {
	var n [8]Bits
	n[east] = moveX(h, 1)
	n[west] = moveX(h, -1)
	n[south] = moveY(h, -1)
	n[north] = moveY(h, 1)
	n[northWest] = moveY(moveX(h, -1), 1)
	n[northEast] = moveY(moveX(h, 1), 1)
	n[southEast] = moveY(moveX(h, 1), -1)
	n[southWest] = moveY(moveX(h, -1), -1)
	return n
}

func decodeWGS84(h Bits) Area {
	a, _ := Decode(WGS84Lon, WGS84Lat, h)
	return a
}

// Cells returns the nine cells (center first, then N, S, E, W, NE, NW,
// SE, SW) that cover the shape; cells that cannot hold a match are zero.
func Cells(s *Shape) [9]Bits {
	b := s.bounds()
	steps := estimateSteps(s.radiusMeters(), s.Lat)
	hash, _ := EncodeWGS84(s.Lon, s.Lat, steps)
	n := neighbors(hash)
	area := decodeWGS84(hash)
	// The cells may be too small for the box when it sits at their edge:
	// then go one step coarser.
	if decodeWGS84(n[north]).Lat.Max < b[3] || decodeWGS84(n[south]).Lat.Min > b[1] ||
		decodeWGS84(n[east]).Lon.Max < b[2] || decodeWGS84(n[west]).Lon.Min > b[0] {
		if steps > 1 {
			steps--
			hash, _ = EncodeWGS84(s.Lon, s.Lat, steps)
			n = neighbors(hash)
			area = decodeWGS84(hash)
		}
	}
	if steps >= 2 {
		dropOutside(&n, area, b)
	}
	return [9]Bits{hash, n[north], n[south], n[east], n[west],
		n[northEast], n[northWest], n[southEast], n[southWest]}
}

// dropOutside zeroes the neighbors on a side where the center cell
// already reaches past the bounding box.
func dropOutside(n *[8]Bits, area Area, b [4]float64) {
	zero := func(dirs ...int) {
		for _, d := range dirs {
			n[d] = Bits{}
		}
	}
	if area.Lat.Min < b[1] {
		zero(south, southWest, southEast)
	}
	if area.Lat.Max > b[3] {
		zero(north, northEast, northWest)
	}
	if area.Lon.Min < b[0] {
		zero(west, southWest, northWest)
	}
	if area.Lon.Max > b[2] {
		zero(east, southEast, northEast)
	}
}

// ScoreRange returns the scores [min, max) of the positions in cell h.
func ScoreRange(h Bits) (min, max float64) {
	lo := Align52(h)
	h.Bits++
	return float64(lo), float64(Align52(h))
}

// Within decodes a score and reports whether it lies in the shape, with
// its distance from the center in meters as the math package computes it
// (within a few ulps of Distance; callers that show or store it should
// call Distance). Decisions too close to the edge to trust that are
// taken on Distance.
func (s *Shape) Within(score float64) (lon, lat, dist float64, ok bool) {
	lon, lat, ok = DecodeScore(score)
	if !ok {
		return 0, 0, 0, false
	}
	if !s.Box {
		dist = fastDistance(s.Lon, s.Lat, lon, lat)
		return lon, lat, dist, atMost(dist, s.Radius*s.Conversion, func() float64 {
			return Distance(s.Lon, s.Lat, lon, lat)
		})
	}
	if LatDistance(lat, s.Lat) > s.Height*s.Conversion/2 {
		return lon, lat, 0, false
	}
	if !atMost(fastDistance(lon, lat, s.Lon, lat), s.Width*s.Conversion/2, func() float64 {
		return Distance(lon, lat, s.Lon, lat)
	}) {
		return lon, lat, 0, false
	}
	return lon, lat, fastDistance(s.Lon, s.Lat, lon, lat), true
}

// atMost reports fast <= limit, asking precise when fast is too close to
// the limit for its error.
func atMost(fast, limit float64, precise func() float64) bool {
	if math.Abs(fast-limit) <= 1e-9*limit {
		return precise() <= limit
	}
	return fast <= limit
}
