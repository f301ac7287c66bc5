package engine

import "github.com/strata-db/strata/internal/geohash"

func init() {
	Register(&Command{Name: "geodist", Arity: -4, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "geo", Since: "3.2.0",
		Summary: "Returns the distance between two members of a geospatial index",
		Run:     geodistCommand})
}

func geodistCommand(c *Ctx) {
	toMeters := 1.0
	switch {
	case len(c.Args) == 5:
		var ok bool
		if toMeters, ok = geoUnit(c, 4); !ok {
			return
		}
	case len(c.Args) > 5:
		c.W.Error(ErrSyntax)
		return
	}
	z, ok := readZSet(c, c.Str(1))
	if !ok {
		return
	}
	if z == nil {
		c.W.Null()
		return
	}
	lon1, lat1, ok1 := geoMemberPos(z, c.Str(2))
	lon2, lat2, ok2 := geoMemberPos(z, c.Str(3))
	if !ok1 || !ok2 {
		c.W.Null()
		return
	}
	c.W.BulkString(geoDistanceText(geohash.Distance(lon1, lat1, lon2, lat2) / toMeters))
}
