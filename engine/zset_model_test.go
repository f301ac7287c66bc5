package engine

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/ztree"
)

// zsetModel mirrors sorted set commands on plain maps.
type zsetModel map[string]map[string]float64

func (m zsetModel) sorted(k string) []ztree.Item {
	var out []ztree.Item
	for mem, s := range m[k] {
		out = append(out, ztree.Item{Score: s, Member: mem})
	}
	sort.Slice(out, func(i, j int) bool { return ztree.Less(out[i], out[j]) })
	return out
}

func (m zsetModel) drop(k string, items []ztree.Item) {
	for _, it := range items {
		delete(m[k], it.Member)
	}
	if len(m[k]) == 0 {
		delete(m, k)
	}
}

func (m zsetModel) add(k, mem string, s float64) {
	if m[k] == nil {
		m[k] = map[string]float64{}
	}
	m[k][mem] = s
}

func zsetStep(r *rand.Rand, e *Engine, m zsetModel) []string {
	k := []string{"a", "b"}[r.IntN(2)]
	mem := func() string {
		if r.IntN(100) == 0 {
			return strings.Repeat("L", 70) + strconv.Itoa(r.IntN(5))
		}
		return "m" + strconv.Itoa(r.IntN(300))
	}
	sc := func() float64 { return float64(r.IntN(40)) / 2 }
	fs := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	items := m.sorted(k)
	var args []string
	switch r.IntN(9) {
	case 0, 1, 2:
		args = []string{"ZADD", k}
		for i := 0; i < 1+r.IntN(20); i++ {
			x, s := mem(), sc()
			args = append(args, fs(s), x)
			m.add(k, x, s)
		}
	case 3:
		x, s := mem(), sc()
		args = []string{"ZADD", k, "GT", fs(s), x}
		if old, ok := m[k][x]; !ok || s > old {
			m.add(k, x, s)
		}
	case 4:
		x, s := mem(), sc()
		args = []string{"ZINCRBY", k, fs(s), x}
		m.add(k, x, m[k][x]+s)
	case 5:
		x := mem()
		args = []string{"ZREM", k, x}
		m.drop(k, []ztree.Item{{Member: x}})
	case 6:
		c := r.IntN(5)
		args = []string{"ZPOPMAX", k, strconv.Itoa(c)}
		m.drop(k, items[len(items)-min(c, len(items)):])
	case 7:
		lo, hi := sc(), sc()
		args = []string{"ZREMRANGEBYSCORE", k, fs(lo), "(" + fs(hi)}
		var gone []ztree.Item
		for _, it := range items {
			if it.Score >= lo && it.Score < hi {
				gone = append(gone, it)
			}
		}
		m.drop(k, gone)
	default:
		s, e2 := r.IntN(20)-10, r.IntN(20)-10
		args = []string{"ZREMRANGEBYRANK", k, strconv.Itoa(s), strconv.Itoa(e2)}
		if s2, e3, ok := clampRange(int64(s), int64(e2), len(items)); ok {
			m.drop(k, items[s2:e3+1])
		}
	}
	run(e, args...)
	return args
}

func checkZSetState(t *testing.T, e *Engine, m zsetModel, ctx []string) {
	t.Helper()
	for _, k := range []string{"a", "b"} {
		items := m.sorted(k)
		var flat []string
		for _, it := range items {
			flat = append(flat, it.Member, FormatFloat(it.Score))
		}
		want := rEmptyArr
		if len(flat) > 0 {
			want = rBulks(flat...)
		}
		if got := run(e, "ZRANGE", k, "0", "-1", "WITHSCORES"); got != want {
			t.Fatalf("after %q: ZRANGE %s = %.200q, want %.200q", ctx, k, got, want)
		}
		if len(items) > 0 {
			i := len(items) / 3
			if got := run(e, "ZRANK", k, items[i].Member); got != rInt(int64(i)) {
				t.Fatalf("after %q: ZRANK %s %s = %q, want %d", ctx, k, items[i].Member, got, i)
			}
			n := 0
			for _, it := range items {
				if it.Score > 3 && it.Score <= 12 {
					n++
				}
			}
			if got := run(e, "ZCOUNT", k, "(3", "12"); got != rInt(int64(n)) {
				t.Fatalf("after %q: ZCOUNT = %q, want %d", ctx, got, n)
			}
		}
	}
}

// TestZSetModel runs random sorted set commands against maps, through
// both encodings, with snapshots that must stay frozen and a log replay
// that must reach the same state.
func TestZSetModel(t *testing.T) {
	r := rand.New(rand.NewPCG(uint64(testSeed(t)), 9))
	e, _ := testEngine(t)
	m := zsetModel{}
	var log [][]byte
	type snap struct {
		s    *Snapshot
		want map[string]string
	}
	var snaps []snap
	render := func(z *ZSet) string {
		var b strings.Builder
		z.Range(0, false, func(_ int, it ZSetEntry) bool {
			b.WriteString(it.Member + "=" + FormatFloat(it.Score) + ",")
			return true
		})
		return b.String()
	}
	encodings := map[string]int{}
	for step := 0; step < 5000; step++ {
		args := zsetStep(r, e, m)
		for _, eff := range e.TakeEffects() {
			log = append(log, eff.RESP)
		}
		if step%25 == 0 {
			checkZSetState(t, e, m, args)
			for _, k := range []string{"a", "b"} {
				encodings[encodingOf(e, k)]++
			}
		}
		if step%400 == 0 {
			e.Lock()
			s := snap{e.Snapshot(), map[string]string{}}
			e.Unlock()
			for _, k := range []string{"a", "b"} {
				if v := s.s.DBs[0].Get(k); v != nil {
					s.want[k] = render(v.Obj().(*ZSet))
				}
			}
			snaps = append(snaps, s)
		}
	}
	checkZSetState(t, e, m, nil)
	if encodings["listpack"] == 0 || encodings["skiplist"] == 0 {
		t.Errorf("encodings seen %v: both should be exercised", encodings)
	}
	for i, s := range snaps {
		for _, k := range []string{"a", "b"} {
			got := ""
			if v := s.s.DBs[0].Get(k); v != nil {
				got = render(v.Obj().(*ZSet))
			}
			if got != s.want[k] {
				t.Fatalf("snapshot %d key %s changed after later writes", i, k)
			}
		}
	}
	replayed, _ := testEngine(t)
	replayLog(t, replayed, log)
	checkZSetState(t, replayed, m, []string{"replay"})
}
