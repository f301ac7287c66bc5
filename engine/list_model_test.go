package engine

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// listModel mirrors list commands on plain slices.
type listModel map[string][]string

func (m listModel) set(k string, l []string) {
	if len(l) == 0 {
		delete(m, k)
	} else {
		m[k] = l
	}
}

func randListElem(r *rand.Rand) string {
	if r.IntN(300) == 0 {
		return strings.Repeat(string(rune('a'+r.IntN(3))), 3000+r.IntN(6000))
	}
	return "e" + strconv.Itoa(r.IntN(8))
}

// listStep runs one random command on e and the model and returns the
// command for failure reports.
func listStep(t *testing.T, r *rand.Rand, e *Engine, m listModel) []string {
	keys := []string{"a", "b"}
	k, k2 := keys[r.IntN(2)], keys[r.IntN(2)]
	l := slices.Clone(m[k])
	n := len(l)
	idx := func() int { return r.IntN(n+4) - 2 }
	var args []string
	switch r.IntN(10) {
	case 0, 1:
		cnt := 1 + r.IntN(3)
		if r.IntN(30) == 0 {
			cnt = 300
		}
		args = []string{"RPUSH", k}
		for i := 0; i < cnt; i++ {
			v := randListElem(r)
			args = append(args, v)
			l = append(l, v)
		}
	case 2:
		v := randListElem(r)
		args = []string{"LPUSH", k, v}
		l = append([]string{v}, l...)
	case 3:
		c := r.IntN(4)
		args = []string{"LPOP", k, strconv.Itoa(c)}
		l = l[min(c, n):]
	case 4:
		c := r.IntN(4)
		args = []string{"RPOP", k, strconv.Itoa(c)}
		l = l[:n-min(c, n)]
	case 5:
		if n == 0 {
			return nil
		}
		i, v := r.IntN(n), randListElem(r)
		args = []string{"LSET", k, strconv.Itoa(i), v}
		l[i] = v
	case 6:
		pivot, v := randListElem(r), randListElem(r)
		args = []string{"LINSERT", k, "BEFORE", pivot, v}
		if i := slices.Index(l, pivot); i >= 0 {
			l = slices.Insert(l, i, v)
		}
	case 7:
		v := randListElem(r)
		c := r.IntN(5) - 2
		args = []string{"LREM", k, strconv.Itoa(c), v}
		l = modelLrem(l, v, c)
	case 8:
		s, e2 := idx(), idx()
		args = []string{"LTRIM", k, strconv.Itoa(s), strconv.Itoa(e2)}
		if s2, e3, ok := clampRange(int64(s), int64(e2), n); ok {
			l = l[s2 : e3+1]
		} else {
			l = nil
		}
	default:
		if n == 0 {
			return nil
		}
		args = []string{"LMOVE", k, k2, "RIGHT", "LEFT"}
		v := l[n-1]
		l = l[:n-1]
		if k == k2 {
			l = append([]string{v}, l...)
		} else {
			m.set(k2, append([]string{v}, m[k2]...))
		}
	}
	m.set(k, l)
	run(e, args...)
	return args
}

func modelLrem(l []string, v string, c int) []string {
	var out []string
	removed := 0
	limit := c
	if limit < 0 {
		limit = -limit
		slices.Reverse(l)
	}
	for _, x := range l {
		if x == v && (limit == 0 || removed < limit) {
			removed++
			continue
		}
		out = append(out, x)
	}
	if c < 0 {
		slices.Reverse(out)
	}
	return out
}

func checkListState(t *testing.T, e *Engine, m listModel, ctx []string) {
	t.Helper()
	for _, k := range []string{"a", "b"} {
		want := rEmptyArr
		if len(m[k]) > 0 {
			want = rBulks(m[k]...)
		}
		if got := run(e, "LRANGE", k, "0", "-1"); got != want {
			t.Fatalf("after %.80q: LRANGE %s differs (len model %d)", ctx, k, len(m[k]))
		}
		if n := len(m[k]); n > 0 {
			i := n / 2
			if got := run(e, "LINDEX", k, strconv.Itoa(i)); got != rBulk(m[k][i]) {
				t.Fatalf("after %.80q: LINDEX %s %d = %.40q", ctx, k, i, got)
			}
		}
	}
}

// TestListModel runs random list commands against slices, takes snapshots
// along the way (which must not change), and replays the log into a fresh
// engine, which must reach the same state.
func TestListModel(t *testing.T) {
	r := rand.New(rand.NewPCG(uint64(testSeed(t)), 7))
	e, _ := testEngine(t)
	m := listModel{}
	var log [][]byte
	type snap struct {
		s *Snapshot
		m map[string]string
	}
	var snaps []snap
	for step := 0; step < 5000; step++ {
		args := listStep(t, r, e, m)
		for _, eff := range e.TakeEffects() {
			log = append(log, eff.RESP)
		}
		if step%50 == 0 {
			checkListState(t, e, m, args)
		}
		if step%300 == 0 {
			e.Lock()
			s := snap{e.Snapshot(), map[string]string{}}
			e.Unlock()
			for k, l := range m {
				s.m[k] = strings.Join(l, ",")
			}
			snaps = append(snaps, s)
		}
	}
	checkListState(t, e, m, nil)
	for i, s := range snaps {
		for _, k := range []string{"a", "b"} {
			var got []string
			if v := s.s.DBs[0].Get(k); v != nil {
				v.Obj().(*List).Range(0, false, func(_ int, b []byte) bool {
					got = append(got, string(b))
					return true
				})
			}
			if strings.Join(got, ",") != s.m[k] {
				t.Fatalf("snapshot %d key %s changed after later writes", i, k)
			}
		}
	}
	replayed, _ := testEngine(t)
	replayLog(t, replayed, log)
	checkListState(t, replayed, m, []string{"replay"})
}

// replayLog executes a RESP log into e, as recovery would. Arguments in
// these tests never hold spaces.
func replayLog(t *testing.T, e *Engine, log [][]byte) {
	t.Helper()
	for _, eff := range log {
		for _, cmd := range decodeCommands(t, eff) {
			if got := run(e, strings.Fields(cmd)...); strings.HasPrefix(got, "-") {
				t.Fatalf("replaying %.80q: %s", cmd, got)
			}
		}
	}
}
