package engine

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// propModel is the simple model the property tests compare against.
type propModel struct {
	hashes map[string]map[string]string
	sets   map[string]map[string]bool
}

// dumpEngine renders db 0's hashes and sets in a canonical text form.
func dumpEngine(e *Engine) string {
	var lines []string
	e.DB(0).Range(func(key string, v *Value) bool {
		switch o := v.Obj().(type) {
		case *Hash:
			o.Range(func(f, val string) bool {
				lines = append(lines, "h "+key+" "+f+"="+val)
				return true
			})
		case *Set:
			o.Range(func(m string) bool {
				lines = append(lines, "s "+key+" "+m)
				return true
			})
		}
		return true
	})
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func (m *propModel) dump() string {
	var lines []string
	for k, h := range m.hashes {
		for f, v := range h {
			lines = append(lines, "h "+k+" "+f+"="+v)
		}
	}
	for k, s := range m.sets {
		for x := range s {
			lines = append(lines, "s "+k+" "+x)
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// randValue draws short ints, short words and (rarely) long strings so
// both encodings and their conversions are exercised.
func randValue(r *rand.Rand) string {
	switch r.IntN(10) {
	case 0:
		return strings.Repeat("L", 60+r.IntN(10))
	case 1, 2, 3:
		return "w" + strconv.Itoa(r.IntN(30))
	}
	return strconv.Itoa(r.IntN(40) - 5)
}

// propStep runs one random hash or set command on e and the model, and
// checks the reply where the model predicts it.
func propStep(t *testing.T, r *rand.Rand, e *Engine, m *propModel) {
	hk := "h" + strconv.Itoa(r.IntN(3))
	sk := "s" + strconv.Itoa(r.IntN(3))
	f, v := "f"+strconv.Itoa(r.IntN(20)), randValue(r)
	expect := func(args []string, want string) {
		t.Helper()
		if got := run(e, args...); want != "" && got != want {
			t.Fatalf("%q = %q, want %q", args, got, want)
		}
	}
	h, s := m.hashes[hk], m.sets[sk]
	switch r.IntN(9) {
	case 0:
		_, had := h[f]
		if h == nil {
			h = map[string]string{}
			m.hashes[hk] = h
		}
		h[f] = v
		expect([]string{"HSET", hk, f, v}, ":"+strconv.FormatInt(1-b2i(had), 10)+"\r\n")
	case 1:
		_, had := h[f]
		delete(h, f)
		if len(h) == 0 {
			delete(m.hashes, hk)
		}
		expect([]string{"HDEL", hk, f}, ":"+strconv.FormatInt(b2i(had), 10)+"\r\n")
	case 2:
		want := "$-1\r\n"
		if val, ok := h[f]; ok {
			want = "$" + strconv.Itoa(len(val)) + "\r\n" + val + "\r\n"
		}
		expect([]string{"HGET", hk, f}, want)
	case 3:
		expect([]string{"HLEN", hk}, ":"+strconv.Itoa(len(h))+"\r\n")
	case 4:
		if s == nil {
			s = map[string]bool{}
			m.sets[sk] = s
		}
		had := s[v]
		s[v] = true
		expect([]string{"SADD", sk, v}, ":"+strconv.FormatInt(1-b2i(had), 10)+"\r\n")
	case 5:
		had := s[v]
		delete(s, v)
		if len(s) == 0 {
			delete(m.sets, sk)
		}
		expect([]string{"SREM", sk, v}, ":"+strconv.FormatInt(b2i(had), 10)+"\r\n")
	case 6:
		got := run(e, "SPOP", sk)
		if s == nil {
			if got != "$-1\r\n" {
				t.Fatalf("SPOP of missing = %q", got)
			}
			return
		}
		member := strings.Split(got, "\r\n")[1]
		if !s[member] {
			t.Fatalf("SPOP returned non-member %q", member)
		}
		delete(s, member)
		if len(s) == 0 {
			delete(m.sets, sk)
		}
	case 7:
		expect([]string{"SCARD", sk}, ":"+strconv.Itoa(len(s))+"\r\n")
	case 8:
		n, _ := strconv.Atoi(strings.TrimSpace(run(e, "HINCRBY", hk, "n", "3")[1:]))
		cur, _ := strconv.Atoi(h["n"])
		if n != cur+3 {
			t.Fatalf("HINCRBY = %d, model %d", n, cur+3)
		}
		if h == nil {
			m.hashes[hk] = map[string]string{}
		}
		m.hashes[hk]["n"] = strconv.Itoa(n)
	}
}

// TestHashSetModel runs random hash and set commands against a Go-map
// model under small and default thresholds, then replays the logged
// effects into a fresh engine and requires the same state.
func TestHashSetModel(t *testing.T) {
	seed := testSeed(t)
	for _, small := range []bool{true, false} {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		e, _ := testEngine(t)
		if small {
			e.Config().HashMaxListpackEntries = 4
			e.Config().SetMaxIntsetEntries = 4
		}
		replica, _ := testEngine(t)
		m := &propModel{hashes: map[string]map[string]string{}, sets: map[string]map[string]bool{}}
		for i := 0; i < 3000; i++ {
			propStep(t, r, e, m)
			for _, line := range effectStrings(t, e) {
				run(replica, strings.Fields(line)...)
			}
			if i%100 == 0 || i == 2999 {
				if got, want := dumpEngine(e), m.dump(); got != want {
					t.Fatalf("step %d: state\n%s\nmodel\n%s", i, got, want)
				}
			}
		}
		if got, want := dumpEngine(replica), dumpEngine(e); got != want {
			t.Fatalf("replayed effects diverge:\n%s\nvs\n%s", got, want)
		}
	}
}
