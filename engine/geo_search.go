package engine

import (
	"fmt"
	"sort"

	"github.com/strata-db/strata/internal/geohash"
	"github.com/strata-db/strata/internal/ztree"
)

// geoFlags tell the commands of the GEORADIUS family apart, as in Redis.
type geoFlags int

const (
	geoByCoords    geoFlags = 1 << iota // GEORADIUS: center from arguments
	geoByMember                         // GEORADIUSBYMEMBER: center from a member
	geoNoStore                          // the _RO forms
	geoSearch                           // GEOSEARCH syntax
	geoSearchStore                      // GEOSEARCHSTORE: argument 1 is the target
)

const (
	geoSortNone = iota
	geoSortAsc
	geoSortDesc
)

// geoQuery is a parsed search.
type geoQuery struct {
	flags geoFlags
	shape geohash.Shape
	// store is the argument index of the target key, 0 for none.
	store                         int
	storeDist                     bool
	withDist, withHash, withCoord bool
	any                           bool
	count                         int64
	sort                          int
	fromMember, fromLoc           bool
	byRadius, byBox               bool
}

// geoPoint is one match.
type geoPoint struct {
	lon, lat, dist, score float64
	member                string
}

// geoGeneric is the body of GEORADIUS, GEORADIUSBYMEMBER, their _RO
// forms, GEOSEARCH and GEOSEARCHSTORE; src is the source key's argument.
// Errors come in Redis's order: type, center, options, combinations.
func geoGeneric(c *Ctx, src int, flags geoFlags) {
	z, ok := readZSet(c, c.Str(src))
	if !ok {
		return
	}
	q := geoQuery{flags: flags}
	base, ok := q.parseCenter(c, z)
	if !ok || !q.parseOptions(c, z, base) || !q.check(c) {
		return
	}
	if z == nil {
		if q.store != 0 {
			zsetStore(c, q.store, nil, "")
		} else {
			c.W.Array(0)
		}
		return
	}
	if q.count != 0 && q.sort == geoSortNone && !q.any {
		// The nearest COUNT need an order.
		q.sort = geoSortAsc
	}
	limit := int64(0)
	if q.any {
		limit = q.count
	}
	points := geoCollect(z, &q.shape, limit)
	if len(points) == 0 && q.store == 0 {
		c.W.Array(0)
		return
	}
	if q.withDist || q.storeDist || q.sort != geoSortNone {
		// Shown, stored or ordered: use the distance rounded as Redis's.
		for i := range points {
			p := &points[i]
			p.dist = geohash.Distance(q.shape.Lon, q.shape.Lat, p.lon, p.lat)
		}
	}
	points = q.order(points)
	if q.store != 0 {
		q.storePoints(c, points)
		return
	}
	q.reply(c, points)
}

// parseCenter reads the fixed arguments of GEORADIUS and
// GEORADIUSBYMEMBER and returns where the options start.
func (q *geoQuery) parseCenter(c *Ctx, z *ZSet) (base int, ok bool) {
	switch {
	case q.flags&geoByCoords != 0:
		if q.shape.Lon, q.shape.Lat, ok = geoLonLat(c, 2); !ok {
			return 0, false
		}
		return 6, q.parseRadius(c, 4)
	case q.flags&geoByMember != 0 && z == nil:
		// Keep parsing: the reply for a missing key depends on STORE.
		return 5, true
	case q.flags&geoByMember != 0:
		if q.shape.Lon, q.shape.Lat, ok = geoMemberPos(z, c.Str(2)); !ok {
			c.W.Error(ErrGeoMember)
			return 0, false
		}
		return 5, q.parseRadius(c, 3)
	case q.flags&geoSearchStore != 0:
		q.store = 1
		return 3, true
	case q.flags&geoSearch != 0:
		return 2, true
	}
	c.W.Error(ErrGeoUnknownSearch)
	return 0, false
}

// parseRadius reads "<radius> <unit>" at argument i.
func (q *geoQuery) parseRadius(c *Ctx, i int) bool {
	r, ok := geoFloatMsg(c, i, ErrGeoRadiusNum)
	if !ok {
		return false
	}
	if r < 0 {
		c.W.Error(ErrGeoRadiusNeg)
		return false
	}
	q.shape.Box, q.shape.Radius = false, r
	q.shape.Conversion, ok = geoUnit(c, i+1)
	return ok
}

// parseBox reads "<width> <height> <unit>" at argument i.
func (q *geoQuery) parseBox(c *Ctx, i int) bool {
	w, ok := geoFloatMsg(c, i, ErrGeoWidthNum)
	if !ok {
		return false
	}
	h, ok := geoFloatMsg(c, i+1, ErrGeoHeightNum)
	if !ok {
		return false
	}
	if h < 0 || w < 0 {
		c.W.Error(ErrGeoBoxNeg)
		return false
	}
	q.shape.Box, q.shape.Width, q.shape.Height = true, w, h
	q.shape.Conversion, ok = geoUnit(c, i+2)
	return ok
}

// check refuses option combinations, after all options parsed.
func (q *geoQuery) check(c *Ctx) bool {
	search := q.flags&geoSearch != 0
	switch {
	case q.store != 0 && (q.withDist || q.withHash || q.withCoord):
		what := "STORE option in GEORADIUS"
		if q.flags&geoSearchStore != 0 {
			what = "GEOSEARCHSTORE"
		}
		c.W.Error(fmt.Sprintf(ErrGeoStoreWith, what))
	case search && !q.fromMember && !q.fromLoc:
		c.W.Error(fmt.Sprintf(ErrGeoSearchFrom, c.Args[0]))
	case search && !q.byRadius && !q.byBox:
		c.W.Error(fmt.Sprintf(ErrGeoSearchBy, c.Args[0]))
	case q.any && q.count == 0:
		c.W.Error(ErrGeoAnyCount)
	default:
		return true
	}
	return false
}

// geoCollect gathers the members inside the shape from the cells that
// cover it, stopping at limit matches when limit > 0 (COUNT ... ANY).
func geoCollect(z *ZSet, shape *geohash.Shape, limit int64) []geoPoint {
	cells := geohash.Cells(shape)
	var points []geoPoint
	last := 0
	for i, h := range cells {
		if h.IsZero() {
			continue
		}
		// NB: huge radii make neighbors repeat; Redis skips a cell equal
		// to the last one scanned, except when that was the center.
		if last != 0 && h == cells[last] {
			continue
		}
		if limit > 0 && int64(len(points)) >= limit {
			break
		}
		points = geoCellPoints(z, h, shape, points, limit)
		last = i
	}
	return points
}

// geoCellPoints appends the members of cell h that lie in the shape.
func geoCellPoints(z *ZSet, h geohash.Bits, shape *geohash.Shape, points []geoPoint, limit int64) []geoPoint {
	lo, hi := geohash.ScoreRange(h)
	from := z.search(func(e ZSetEntry) bool { return e.Score >= lo })
	z.Range(from, false, func(_ int, e ZSetEntry) bool {
		if e.Score >= hi {
			return false
		}
		if lon, lat, dist, ok := shape.Within(e.Score); ok {
			points = append(points, geoPoint{lon: lon, lat: lat, dist: dist,
				score: e.Score, member: e.Member})
		}
		return limit == 0 || int64(len(points)) < limit
	})
	return points
}

// order sorts by distance when asked and cuts to COUNT.
func (q *geoQuery) order(points []geoPoint) []geoPoint {
	switch q.sort {
	case geoSortAsc:
		sort.SliceStable(points, func(i, j int) bool { return points[i].dist < points[j].dist })
	case geoSortDesc:
		sort.SliceStable(points, func(i, j int) bool { return points[i].dist > points[j].dist })
	}
	if q.count != 0 && int64(len(points)) > q.count {
		points = points[:q.count]
	}
	return points
}

func (q *geoQuery) reply(c *Ctx, points []geoPoint) {
	extra := 0
	for _, on := range []bool{q.withDist, q.withHash, q.withCoord} {
		if on {
			extra++
		}
	}
	c.W.Array(len(points))
	for _, p := range points {
		if extra > 0 {
			c.W.Array(extra + 1)
		}
		c.W.BulkString(p.member)
		if q.withDist {
			c.W.BulkString(geoDistanceText(p.dist / q.shape.Conversion))
		}
		if q.withHash {
			c.W.Int(int64(p.score))
		}
		if q.withCoord {
			c.W.Array(2)
			writeHumanDouble(c, p.lon)
			writeHumanDouble(c, p.lat)
		}
	}
}

// storePoints writes the matches to the target as a sorted set, scored
// by geohash (STORE) or by distance in the query's unit (STOREDIST).
func (q *geoQuery) storePoints(c *Ctx, points []geoPoint) {
	items := make([]ztree.Item, len(points))
	for i, p := range points {
		items[i] = ztree.Item{Score: p.score, Member: p.member}
		if q.storeDist {
			items[i].Score = p.dist / q.shape.Conversion
		}
	}
	event := "georadiusstore"
	if q.flags&geoSearch != 0 {
		event = "geosearchstore"
	}
	zsetStore(c, q.store, items, event)
	if len(items) > 1 {
		// Redis counts one change per stored member.
		c.Changed(len(items) - 1)
	}
}
