package engine

func init() {
	Register(
		&Command{Name: "geosearch", Arity: -7, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "geo", Since: "6.2.0",
			Summary: "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.",
			Run:     func(c *Ctx) { geoGeneric(c, 1, geoSearch) }},
		&Command{Name: "geosearchstore", Arity: -8, Flags: FlagWrite | FlagDenyOOM,
			FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "geo", Since: "6.2.0",
			Summary: "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.",
			Run:     func(c *Ctx) { geoGeneric(c, 2, geoSearch|geoSearchStore) }},
	)
}
