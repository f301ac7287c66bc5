package torture

import (
	"flag"
	"math/rand/v2"
	"slices"
	"testing"
)

var seed = flag.Uint64("seed", 0, "random seed (0: pick one and log it)")

// stateAfter is what a correct server holds after the first k operations.
func stateAfter(l *clientLedger, k int) map[string]string {
	m := newModel()
	for _, o := range l.ops[:k] {
		m.apply(l, o)
	}
	state := map[string]string{}
	for _, key := range l.keys() {
		state[key] = m.canon(key)
	}
	return state
}

func TestPrefixesFindTheRecoveredPrefix(t *testing.T) {
	s := *seed
	if s == 0 {
		s = rand.Uint64()
	}
	t.Logf("seed %d (-seed)", s)
	r := rand.New(rand.NewPCG(s, 3))
	for trial := 0; trial < 200; trial++ {
		l := &clientLedger{prefix: "p:"}
		for range 1 + r.IntN(60) {
			l.ops = append(l.ops, l.next(r))
		}
		k := r.IntN(len(l.ops) + 1)
		valid := prefixes(l, stateAfter(l, k))
		if !slices.Contains(valid, k) {
			t.Fatalf("prefix %d of %d not found: %v", k, len(l.ops), valid)
		}
		// Every prefix reported must really explain the state.
		for _, v := range valid {
			if !equalState(stateAfter(l, v), stateAfter(l, k)) {
				t.Fatalf("prefix %d reported for the state of prefix %d", v, k)
			}
		}
	}
}

func TestPrefixesRejectHalfTransaction(t *testing.T) {
	l := &clientLedger{prefix: "p:"}
	l.ops = []op{{kind: opSet, seq: 1}, {kind: opTx, seq: 2}}
	state := stateAfter(l, 2)
	state["p:txb"] = "" // the second SET of the transaction did not survive
	if v := prefixes(l, state); len(v) != 0 {
		t.Fatalf("half a transaction explained by prefixes %v", v)
	}
}

func equalState(a, b map[string]string) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}
