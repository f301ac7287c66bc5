package torture

import (
	"strings"

	"github.com/strata-db/strata/internal/resp"
	"github.com/strata-db/strata/tools/rclient"
)

// readState reads a client's keys back in the model's canonical text.
func readState(c *rclient.Client, l *clientLedger) (map[string]string, error) {
	state := map[string]string{}
	for _, k := range l.keys() {
		v, err := readKey(c, k)
		if err != nil {
			return nil, err
		}
		state[k] = v
	}
	return state, nil
}

func readKey(c *rclient.Client, k string) (string, error) {
	switch {
	case strings.HasSuffix(k, "list"):
		rep, err := c.Do("LRANGE", k, "0", "-1")
		parts := make([]string, len(rep.Elems))
		for i, e := range rep.Elems {
			parts[i] = e.Str
		}
		return strings.Join(parts, ","), err
	case strings.HasSuffix(k, "hash"):
		rep, err := c.Do("HGETALL", k)
		return pairs(rep.Elems), err
	case strings.HasSuffix(k, "zset"):
		rep, err := c.Do("ZRANGE", k, "0", "-1", "WITHSCORES")
		return pairs(rep.Elems), err
	}
	rep, err := c.Do("GET", k)
	return rep.Str, err
}

func pairs(elems []resp.Reply) string {
	h := map[string]string{}
	for i := 0; i+1 < len(elems); i += 2 {
		h[elems[i].Str] = elems[i+1].Str
	}
	return canonPairs(h)
}

// prefixes replays the ledger on a model and returns every k such that the
// first k operations explain the recovered state exactly. It keeps count
// of the keys that differ, so the walk is linear in the ledger.
func prefixes(l *clientLedger, state map[string]string) []int {
	m := newModel()
	differ := 0
	for _, v := range state {
		if v != "" {
			differ++
		}
	}
	var valid []int
	if differ == 0 {
		valid = append(valid, 0)
	}
	for i, o := range l.ops {
		keys := l.opKeys(o)
		for _, k := range keys {
			if m.canon(k) != state[k] {
				differ--
			}
		}
		m.apply(l, o)
		for _, k := range keys {
			if m.canon(k) != state[k] {
				differ++
			}
		}
		if differ == 0 {
			valid = append(valid, i+1)
		}
	}
	return valid
}
