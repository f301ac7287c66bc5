package engine

func init() {
	Register(&Command{Name: "geopos", Arity: -2, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "geo", Since: "3.2.0",
		Summary: "Returns longitude and latitude of members of a geospatial index",
		Run:     geoposCommand})
}

// geoposCommand replies with the center of each member's cell, not the
// position given to GEOADD: only the cell is stored.
func geoposCommand(c *Ctx) {
	z, ok := readZSet(c, c.Str(1))
	if !ok {
		return
	}
	c.W.Array(len(c.Args) - 2)
	for i := 2; i < len(c.Args); i++ {
		if z == nil {
			c.W.NullArray()
			continue
		}
		lon, lat, ok := geoMemberPos(z, c.Str(i))
		if !ok {
			c.W.NullArray()
			continue
		}
		c.W.Array(2)
		writeHumanDouble(c, lon)
		writeHumanDouble(c, lat)
	}
}
