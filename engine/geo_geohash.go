package engine

import "github.com/strata-db/strata/internal/geohash"

func init() {
	Register(&Command{Name: "geohash", Arity: -2, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "geo", Since: "3.2.0",
		Summary: "Returns members of a geospatial index as standard geohash strings",
		Run:     geohashCommand})
}

const geoAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz"

func geohashCommand(c *Ctx) {
	z, ok := readZSet(c, c.Str(1))
	if !ok {
		return
	}
	c.W.Array(len(c.Args) - 2)
	for i := 2; i < len(c.Args); i++ {
		if z == nil {
			c.W.Null()
			continue
		}
		lon, lat, ok := geoMemberPos(z, c.Str(i))
		if !ok {
			c.W.Null()
			continue
		}
		c.W.BulkString(geohashString(lon, lat))
	}
}

// geohashString re-encodes a position in the standard geohash ranges
// (latitude -90..90, where scores use Web Mercator's -85..85) and spells
// it in base 32; the 11th character has no bits left and is '0'.
func geohashString(lon, lat float64) string {
	h, _ := geohash.Encode(geohash.StdLon, geohash.StdLat, lon, lat, geohash.StepMax)
	var buf [11]byte
	for i := 0; i < 10; i++ {
		buf[i] = geoAlphabet[(h.Bits>>(52-(i+1)*5))&0x1f]
	}
	buf[10] = '0'
	return string(buf[:])
}
