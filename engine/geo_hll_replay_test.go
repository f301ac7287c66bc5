package engine

import "strconv"

// Replay generators for the HyperLogLog and geo write commands (see
// replay_test.go). PFCOUNT is here too: refreshing the cached cardinality
// changes the stored bytes and is logged.
func init() {
	elems := func(r *replayRand) []string {
		out := make([]string, r.IntN(40))
		for i := range out {
			out[i] = "e" + strconv.Itoa(r.IntN(3000))
		}
		return out
	}
	coord := func(r *replayRand) []string {
		return []string{strconv.FormatFloat(12+4*r.Float64(), 'f', 6, 64),
			strconv.FormatFloat(36+3*r.Float64(), 'f', 6, 64)}
	}
	addReplayGens(
		replayGen{"pfadd", 4, func(r *replayRand) []string {
			return append([]string{"PFADD", r.key()}, elems(r)...)
		}},
		replayGen{"pfcount", 2, func(r *replayRand) []string { return []string{"PFCOUNT", r.key()} }},
		replayGen{"pfmerge", 2, func(r *replayRand) []string { return []string{"PFMERGE", r.key(), r.key(), r.key()} }},
		replayGen{"pfdebug", 1, func(r *replayRand) []string {
			return []string{"PFDEBUG", r.pick("TODENSE", "GETREG", "ENCODING"), r.key()}
		}},
		replayGen{"geoadd", 4, func(r *replayRand) []string {
			argv := []string{"GEOADD", r.key()}
			if r.IntN(3) == 0 {
				argv = append(argv, r.pick("NX", "XX", "CH"))
			}
			argv = append(argv, coord(r)...)
			return append(argv, "m"+strconv.Itoa(r.IntN(20)))
		}},
		replayGen{"georadius", 2, func(r *replayRand) []string {
			argv := append([]string{"GEORADIUS", r.key()}, coord(r)...)
			argv = append(argv, strconv.Itoa(1+r.IntN(300)), "km", r.pick("STORE", "STOREDIST"), r.key())
			if r.IntN(2) == 0 {
				argv = append(argv, "COUNT", strconv.Itoa(1+r.IntN(5)), r.pick("ASC", "DESC"))
			}
			return argv
		}},
		replayGen{"georadiusbymember", 1, func(r *replayRand) []string {
			return []string{"GEORADIUSBYMEMBER", r.key(), "m" + strconv.Itoa(r.IntN(20)),
				strconv.Itoa(1 + r.IntN(300)), "km", "STORE", r.key()}
		}},
		replayGen{"geosearchstore", 2, func(r *replayRand) []string {
			argv := append([]string{"GEOSEARCHSTORE", r.key(), r.key(), "FROMLONLAT"}, coord(r)...)
			argv = append(argv, "BYBOX", strconv.Itoa(1+r.IntN(400)), strconv.Itoa(1+r.IntN(400)), "km")
			if r.IntN(2) == 0 {
				argv = append(argv, "STOREDIST")
			}
			return argv
		}},
	)
}
