package engine

import "strings"

func init() {
	Register(
		&Command{Name: "georadius", Arity: -6, Flags: FlagWrite | FlagDenyOOM | FlagMovableKeys,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Keys: georadiusKeys, Group: "geo", Since: "3.2.0",
			Summary: "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point",
			Run:     func(c *Ctx) { geoGeneric(c, 1, geoByCoords) }},
		&Command{Name: "georadius_ro", Arity: -6, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "geo", Since: "3.2.10",
			Summary: "A read-only variant for GEORADIUS",
			Run:     func(c *Ctx) { geoGeneric(c, 1, geoByCoords|geoNoStore) }},
		&Command{Name: "georadiusbymember", Arity: -5, Flags: FlagWrite | FlagDenyOOM | FlagMovableKeys,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Keys: georadiusKeys, Group: "geo", Since: "3.2.0",
			Summary: "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member",
			Run:     func(c *Ctx) { geoGeneric(c, 1, geoByMember) }},
		&Command{Name: "georadiusbymember_ro", Arity: -5, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "geo", Since: "3.2.10",
			Summary: "A read-only variant for GEORADIUSBYMEMBER",
			Run:     func(c *Ctx) { geoGeneric(c, 1, geoByMember|geoNoStore) }},
	)
}

// georadiusKeys finds the source key and the last STORE/STOREDIST target,
// as Redis's georadiusGetKeys does.
func georadiusKeys(args [][]byte) []int {
	keys := []int{1}
	store := 0
	for i := 5; i+1 < len(args); i++ {
		if a := strings.ToLower(string(args[i])); a == "store" || a == "storedist" {
			store = i + 1
			i++
		}
	}
	if store != 0 {
		keys = append(keys, store)
	}
	return keys
}
