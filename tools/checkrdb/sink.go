package checkrdb

import (
	"fmt"
	"hash/maphash"

	"github.com/strata-db/strata/rdb"
)

// elementCheck receives a collection element by element, so a check never
// holds a value whole. It still refuses what redis-check-rdb refuses:
// duplicate set members, hash fields and sorted-set members (remembered as
// 128-bit hashes, 16 bytes each, not as strings) and empty collections.
type elementCheck struct {
	kind  rdb.Kind
	n     int
	seen  map[[2]uint64]struct{}
	seeds [2]maphash.Seed
}

func newElementCheck(rec *rdb.Record, seeds [2]maphash.Seed) *elementCheck {
	ec := &elementCheck{kind: rec.Type.Kind(), seeds: seeds}
	if ec.kind != rdb.KindList {
		ec.seen = map[[2]uint64]struct{}{}
	}
	return ec
}

func (ec *elementCheck) Element(e rdb.Element) error {
	ec.n++
	if ec.seen == nil {
		return nil
	}
	h := [2]uint64{maphash.String(ec.seeds[0], e.Member), maphash.String(ec.seeds[1], e.Member)}
	if _, dup := ec.seen[h]; dup {
		return fmt.Errorf("duplicate %s element %q", ec.kind, e.Member)
	}
	ec.seen[h] = struct{}{}
	return nil
}

// BeginValue makes the checker an rdb.ElementHandler.
func (c *checker) BeginValue(rec *rdb.Record) (rdb.ElementSink, error) {
	c.elems = newElementCheck(rec, c.seeds)
	return c.elems, nil
}
