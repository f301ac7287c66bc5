package engine

// parseOptions reads the options after the fixed arguments as Redis's
// georadiusGeneric does: each option is accepted only by the commands
// that know it, anything else is a syntax error.
func (q *geoQuery) parseOptions(c *Ctx, z *ZSet, base int) bool {
	search := q.flags&geoSearch != 0
	storable := q.flags&geoNoStore == 0 && !search
	for i := base; i < len(c.Args); i++ {
		left := len(c.Args) - i - 1 // arguments after this one
		switch {
		case c.Is(i, "withdist"):
			q.withDist = true
		case c.Is(i, "withhash"):
			q.withHash = true
		case c.Is(i, "withcoord"):
			q.withCoord = true
		case c.Is(i, "any"):
			q.any = true
		case c.Is(i, "asc"):
			q.sort = geoSortAsc
		case c.Is(i, "desc"):
			q.sort = geoSortDesc
		case c.Is(i, "count") && left >= 1:
			if !q.parseCount(c, i+1) {
				return false
			}
			i++
		case (c.Is(i, "store") || c.Is(i, "storedist")) && left >= 1 && storable:
			q.store, q.storeDist = i+1, c.Is(i, "storedist")
			i++
		case c.Is(i, "storedist") && search && q.flags&geoSearchStore != 0:
			q.storeDist = true
		case c.Is(i, "frommember") && left >= 1 && search && !q.fromLoc:
			if !q.parseFromMember(c, z, i+1) {
				return false
			}
			i++
		case c.Is(i, "fromlonlat") && left >= 2 && search && !q.fromMember:
			var ok bool
			if q.shape.Lon, q.shape.Lat, ok = geoLonLat(c, i+1); !ok {
				return false
			}
			q.fromLoc = true
			i += 2
		case c.Is(i, "byradius") && left >= 2 && search && !q.byBox:
			if !q.parseRadius(c, i+1) {
				return false
			}
			q.byRadius = true
			i += 2
		case c.Is(i, "bybox") && left >= 3 && search && !q.byRadius:
			if !q.parseBox(c, i+1) {
				return false
			}
			q.byBox = true
			i += 3
		default:
			c.W.Error(ErrSyntax)
			return false
		}
	}
	return true
}

func (q *geoQuery) parseCount(c *Ctx, i int) bool {
	n, ok := c.Int(i)
	if !ok {
		return false
	}
	if n <= 0 {
		c.W.Error(ErrGeoCount)
		return false
	}
	q.count = n
	return true
}

// parseFromMember takes the center from a member; with no source key the
// member is not looked at (the reply will be empty anyway).
func (q *geoQuery) parseFromMember(c *Ctx, z *ZSet, i int) bool {
	q.fromMember = true
	if z == nil {
		return true
	}
	var ok bool
	if q.shape.Lon, q.shape.Lat, ok = geoMemberPos(z, c.Str(i)); !ok {
		c.W.Error(ErrGeoMember)
		return false
	}
	return true
}
