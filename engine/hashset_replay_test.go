package engine

import "strconv"

// Replay generators for the hash, set and SORT write commands (see
// replay_test.go).
func init() {
	field := func(r *replayRand) string { return "f" + strconv.Itoa(r.IntN(6)) }
	addReplayGens(
		replayGen{"hset", 6, func(r *replayRand) []string {
			return []string{"HSET", r.key(), field(r), r.val(), field(r), r.val()}
		}},
		replayGen{"hmset", 1, func(r *replayRand) []string { return []string{"HMSET", r.key(), field(r), r.val()} }},
		replayGen{"hsetnx", 2, func(r *replayRand) []string { return []string{"HSETNX", r.key(), field(r), r.val()} }},
		replayGen{"hdel", 4, func(r *replayRand) []string { return []string{"HDEL", r.key(), field(r), field(r)} }},
		replayGen{"hincrby", 2, func(r *replayRand) []string { return []string{"HINCRBY", r.key(), field(r), r.num()} }},
		replayGen{"hincrbyfloat", 2, func(r *replayRand) []string {
			return []string{"HINCRBYFLOAT", r.key(), field(r), r.pick("0.1", "-1.5", "3", "1e3")}
		}},
		replayGen{"sadd", 6, func(r *replayRand) []string { return []string{"SADD", r.key(), r.val(), r.num()} }},
		replayGen{"srem", 4, func(r *replayRand) []string { return []string{"SREM", r.key(), r.val(), r.num()} }},
		replayGen{"spop", 3, func(r *replayRand) []string {
			if r.IntN(2) == 0 {
				return []string{"SPOP", r.key()}
			}
			return []string{"SPOP", r.key(), strconv.Itoa(r.IntN(5))}
		}},
		replayGen{"smove", 2, func(r *replayRand) []string { return []string{"SMOVE", r.key(), r.key(), r.num()} }},
		replayGen{"sinterstore", 1, func(r *replayRand) []string { return []string{"SINTERSTORE", r.key(), r.key(), r.key()} }},
		replayGen{"sunionstore", 1, func(r *replayRand) []string { return []string{"SUNIONSTORE", r.key(), r.key(), r.key()} }},
		replayGen{"sdiffstore", 1, func(r *replayRand) []string { return []string{"SDIFFSTORE", r.key(), r.key(), r.key()} }},
		replayGen{"sort", 1, func(r *replayRand) []string {
			return []string{"SORT", r.key(), "ALPHA", r.pick("ASC", "DESC"), "LIMIT", "0", "3", "STORE", r.key()}
		}},
	)
}
