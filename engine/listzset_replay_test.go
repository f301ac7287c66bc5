package engine

import "strconv"

// Replay generators for the list and sorted set write commands (see
// replay_test.go).
func init() {
	end := func(r *replayRand) string { return r.pick("LEFT", "RIGHT", "left") }
	idx := func(r *replayRand) string { return strconv.Itoa(r.IntN(9) - 4) }
	score := func(r *replayRand) string {
		return r.pick("1", "2.5", "-3", "0", "inf", "-inf", "1e3", strconv.Itoa(r.IntN(20)))
	}
	member := func(r *replayRand) string { return r.pick("a", "b", "c", "d", "e", "x y", "\x00") }
	addReplayGens(
		replayGen{"lpush", 5, func(r *replayRand) []string {
			return []string{r.pick("LPUSH", "RPUSH", "LPUSHX", "RPUSHX"), r.key(), r.val(), r.val()}
		}},
		replayGen{"lpop", 3, func(r *replayRand) []string {
			if r.IntN(2) == 0 {
				return []string{r.pick("LPOP", "RPOP"), r.key()}
			}
			return []string{r.pick("LPOP", "RPOP"), r.key(), strconv.Itoa(r.IntN(4))}
		}},
		replayGen{"lset", 1, func(r *replayRand) []string { return []string{"LSET", r.key(), idx(r), r.val()} }},
		replayGen{"linsert", 1, func(r *replayRand) []string {
			return []string{"LINSERT", r.key(), r.pick("BEFORE", "AFTER"), r.val(), r.val()}
		}},
		replayGen{"lrem", 1, func(r *replayRand) []string { return []string{"LREM", r.key(), idx(r), r.val()} }},
		replayGen{"ltrim", 1, func(r *replayRand) []string { return []string{"LTRIM", r.key(), idx(r), idx(r)} }},
		replayGen{"lmove", 2, func(r *replayRand) []string {
			switch r.IntN(4) {
			case 0:
				return []string{"RPOPLPUSH", r.key(), r.key()}
			case 1:
				return []string{"BLMOVE", r.key(), r.key(), end(r), end(r), "0.01"}
			case 2:
				return []string{"BRPOPLPUSH", r.key(), r.key(), "0"}
			}
			return []string{"LMOVE", r.key(), r.key(), end(r), end(r)}
		}},
		replayGen{"lmpop", 2, func(r *replayRand) []string {
			switch r.IntN(3) {
			case 0:
				return []string{r.pick("BLPOP", "BRPOP"), r.key(), r.key(), "0"}
			case 1:
				return []string{"BLMPOP", "0", "2", r.key(), r.key(), end(r), "COUNT", strconv.Itoa(1 + r.IntN(3))}
			}
			return []string{"LMPOP", "2", r.key(), r.key(), end(r), "COUNT", strconv.Itoa(1 + r.IntN(3))}
		}},
		replayGen{"zadd", 5, func(r *replayRand) []string {
			args := []string{"ZADD", r.key()}
			args = append(args, []string{"", "NX", "XX", "GT", "LT", "CH", "INCR"}[r.IntN(7)])
			if args[2] == "" {
				args = args[:2]
			}
			args = append(args, score(r), member(r))
			if args[len(args)-3] != "INCR" && r.IntN(2) == 0 {
				args = append(args, score(r), member(r))
			}
			return args
		}},
		replayGen{"zincrby", 2, func(r *replayRand) []string { return []string{"ZINCRBY", r.key(), score(r), member(r)} }},
		replayGen{"zrem", 2, func(r *replayRand) []string { return []string{"ZREM", r.key(), member(r), member(r)} }},
		replayGen{"zpop", 2, func(r *replayRand) []string {
			switch r.IntN(4) {
			case 0:
				return []string{r.pick("BZPOPMIN", "BZPOPMAX"), r.key(), r.key(), "0"}
			case 1:
				return []string{"ZMPOP", "2", r.key(), r.key(), r.pick("MIN", "MAX"), "COUNT", "2"}
			case 2:
				return []string{"BZMPOP", "0", "1", r.key(), r.pick("MIN", "MAX")}
			}
			return []string{r.pick("ZPOPMIN", "ZPOPMAX"), r.key(), strconv.Itoa(r.IntN(3))}
		}},
		replayGen{"zremrange", 2, func(r *replayRand) []string {
			switch r.IntN(3) {
			case 0:
				return []string{"ZREMRANGEBYRANK", r.key(), idx(r), idx(r)}
			case 1:
				return []string{"ZREMRANGEBYSCORE", r.key(), "(" + score(r), score(r)}
			}
			return []string{"ZREMRANGEBYLEX", r.key(), "[" + member(r), r.pick("+", "(d")}
		}},
		replayGen{"zstore", 2, func(r *replayRand) []string {
			switch r.IntN(4) {
			case 0:
				return []string{"ZRANGESTORE", r.key(), r.key(), "0", idx(r)}
			case 1:
				return []string{"ZINTERSTORE", r.key(), "2", r.key(), r.key(), "WEIGHTS", "2", "inf"}
			case 2:
				return []string{"ZDIFFSTORE", r.key(), "2", r.key(), r.key()}
			}
			return []string{"ZUNIONSTORE", r.key(), "2", r.key(), r.key(), "AGGREGATE", r.pick("SUM", "MIN", "MAX")}
		}},
	)
}
