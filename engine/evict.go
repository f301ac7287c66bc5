package engine

// EvictOne removes one key chosen by a maxmemory-policy, the way Redis's
// approximated LRU/LFU/TTL eviction does: sample a few keys from the
// candidate set (every key, or only keys with an expiry for volatile-*)
// and drop the best candidate. The deletion is logged as DEL and raises an
// "evicted" event. It returns the key's estimated size, and false when
// there is nothing to evict (or the policy is noeviction).
// REQUIRES: the lock.
func (e *Engine) EvictOne(policy string, samples int) (freed int64, ok bool) {
	if samples <= 0 {
		samples = 5
	}
	volatile := len(policy) > 9 && policy[:9] == "volatile-"
	var (
		bestDB    *DB
		bestKey   string
		bestScore int64
	)
	for _, db := range e.dbs {
		var pool []string
		if volatile {
			for k := range db.volatile {
				pool = append(pool, k)
				if len(pool) >= samples {
					break
				}
			}
		} else {
			add := func(k string, _ *Value) { pool = append(pool, k) }
			for i := 0; i < samples && db.keys.Len() > 0; i++ {
				if n := len(pool); db.keys.Scan(randUint64(), 1, add) == 0 && len(pool) == n {
					db.keys.Scan(0, 1, add) // past the last key: wrap around
				}
			}
		}
		for _, k := range pool {
			v := db.keys.Get(k)
			if v == nil {
				continue
			}
			score := e.evictScore(policy, v)
			if bestKey == "" || score > bestScore {
				bestDB, bestKey, bestScore = db, k, score
			}
		}
	}
	if bestKey == "" || policy == "noeviction" {
		return 0, false
	}
	v := bestDB.keys.Get(bestKey)
	freed = v.MemoryUsage(bestKey)
	key := bestKey
	bestDB.delete(key)
	e.stats.EvictedKeys++
	e.emit(bestDB.id, []byte("DEL"), []byte(key))
	e.notify(bestDB.id, NotifyEvicted, "evicted", key)
	return freed, true
}

// evictScore ranks a candidate: higher is evicted first.
func (e *Engine) evictScore(policy string, v *Value) int64 {
	switch policy {
	case "allkeys-lru", "volatile-lru":
		return e.IdleSeconds(v)
	case "allkeys-lfu", "volatile-lfu":
		return 255 - int64(v.freq)
	case "volatile-ttl":
		return -v.exp
	}
	return randInt64N(1 << 30)
}
