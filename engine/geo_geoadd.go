package engine

import (
	"strconv"

	"github.com/strata-db/strata/internal/geohash"
)

func init() {
	Register(&Command{Name: "geoadd", Arity: -5, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "geo", Since: "3.2.0",
		Summary: "Add one or more geospatial items in the geospatial index represented using a sorted set",
		Run:     geoaddCommand})
}

// geoaddCommand turns the positions into geohash scores and runs ZADD
// with the rewritten arguments, as Redis does: so the log holds the ZADD.
func geoaddCommand(c *Ctx) {
	first, nx, xx := geoaddOptions(c)
	if (len(c.Args)-first)%3 != 0 || (nx && xx) {
		c.W.Error(ErrSyntax)
		return
	}
	argv := make([][]byte, 0, first+(len(c.Args)-first)/3*2)
	argv = append(argv, []byte("zadd"))
	argv = append(argv, c.Args[1:first]...)
	for i := first; i < len(c.Args); i += 3 {
		lon, lat, ok := geoLonLat(c, i)
		if !ok {
			return
		}
		h, _ := geohash.EncodeWGS84(lon, lat, geohash.StepMax)
		argv = append(argv, strconv.AppendUint(nil, geohash.Align52(h), 10), c.Args[i+2])
	}
	c.Args = argv
	zaddCommand(c, false)
}

// geoaddOptions reads the NX/XX/CH flags (CH is left to ZADD) and returns
// the position of the first longitude.
func geoaddOptions(c *Ctx) (first int, nx, xx bool) {
	for first = 2; first < len(c.Args); first++ {
		switch {
		case c.Is(first, "nx"):
			nx = true
		case c.Is(first, "xx"):
			xx = true
		case !c.Is(first, "ch"):
			return first, nx, xx
		}
	}
	return first, nx, xx
}
