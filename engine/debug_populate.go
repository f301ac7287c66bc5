package engine

import "strconv"

// Populate adds count string keys to database db as DEBUG POPULATE does:
// keys "<prefix>:<n>" for n in [0, count) that do not exist yet, with
// value "value:<n>", or, when size > 0, that text cut or zero-padded to
// size bytes. It returns how many keys it added.
//
// Unlike Redis, which does not propagate DEBUG POPULATE, each added key is
// logged as a SET: the log must replay to the data in memory (DESIGN
// invariant 3), and a persistence-first server should not lose data a
// client could read. REQUIRES: the lock.
func (e *Engine) Populate(db, count int, prefix string, size int) int {
	d := e.dbs[db]
	added := 0
	for n := 0; n < count; n++ {
		key := prefix + ":" + strconv.Itoa(n)
		if d.LookupWrite(key) != nil {
			continue
		}
		val := "value:" + strconv.Itoa(n)
		if size > 0 {
			b := make([]byte, size)
			copy(b, val)
			val = string(b)
		}
		d.Set(key, StringValue(val))
		if !e.loading {
			e.emitStrings(db, "SET", key, val)
		}
		added++
	}
	e.Dirty += int64(added)
	return added
}
