package torture

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

type opKind int

const (
	opSet opKind = iota
	opIncr
	opRPush
	opHSet
	opZAdd
	opTx // MULTI; SET a; SET b; INCR n; EXEC
	numOps
)

var opNames = [...]string{"set", "incr", "rpush", "hset", "zadd", "multi"}

// op is one operation of a client's ledger.
type op struct {
	kind  opKind
	seq   int
	acked bool
	ackAt time.Time
}

// clientLedger is one client's exact history: every operation it sent, in
// order, and which ones the server acknowledged. A client sends one
// operation at a time, so at most the last one is in doubt.
type clientLedger struct {
	prefix string
	ops    []op
}

func (l *clientLedger) key(name string) string { return l.prefix + name }

// keys are every key the client may write, with how to read each back.
func (l *clientLedger) keys() []string {
	ks := []string{"ctr", "list", "hash", "zset", "txa", "txb", "txn"}
	for i := 0; i < 8; i++ {
		ks = append(ks, "s"+strconv.Itoa(i))
	}
	for i := range ks {
		ks[i] = l.prefix + ks[i]
	}
	return ks
}

func (l *clientLedger) next(r *rand.Rand) op {
	return op{kind: opKind(r.IntN(int(numOps))), seq: len(l.ops) + 1}
}

// commands of an operation; a transaction is five commands sent together.
func (l *clientLedger) commands(o op) [][]string {
	v := strconv.Itoa(o.seq)
	switch o.kind {
	case opSet:
		return [][]string{{"SET", l.key("s" + strconv.Itoa(o.seq%8)), v}}
	case opIncr:
		return [][]string{{"INCR", l.key("ctr")}}
	case opRPush:
		return [][]string{{"RPUSH", l.key("list"), v}}
	case opHSet:
		return [][]string{{"HSET", l.key("hash"), "f" + strconv.Itoa(o.seq%16), v}}
	case opZAdd:
		return [][]string{{"ZADD", l.key("zset"), v, "m" + strconv.Itoa(o.seq%16)}}
	}
	return [][]string{{"MULTI"}, {"SET", l.key("txa"), v}, {"SET", l.key("txb"), v}, {"INCR", l.key("txn")}, {"EXEC"}}
}

// opKeys are the distinct keys o writes.
func (l *clientLedger) opKeys(o op) []string {
	switch o.kind {
	case opSet:
		return []string{l.key("s" + strconv.Itoa(o.seq%8))}
	case opIncr:
		return []string{l.key("ctr")}
	case opRPush:
		return []string{l.key("list")}
	case opHSet:
		return []string{l.key("hash")}
	case opZAdd:
		return []string{l.key("zset")}
	}
	return []string{l.key("txa"), l.key("txb"), l.key("txn")}
}

// model is the state a prefix of a ledger leads to, per key in canonical
// text (the same text readState makes from the server's replies; "" for
// a missing key).
type model struct {
	str  map[string]string
	list map[string][]string
	hash map[string]map[string]string
}

func newModel() *model {
	return &model{str: map[string]string{}, list: map[string][]string{}, hash: map[string]map[string]string{}}
}

// apply applies o to the model.
func (m *model) apply(l *clientLedger, o op) []string {
	v := strconv.Itoa(o.seq)
	switch o.kind {
	case opSet:
		k := l.key("s" + strconv.Itoa(o.seq%8))
		m.str[k] = v
		return []string{k}
	case opIncr:
		return []string{m.incr(l.key("ctr"))}
	case opRPush:
		k := l.key("list")
		m.list[k] = append(m.list[k], v)
		return []string{k}
	case opHSet:
		return []string{m.hset(l.key("hash"), "f"+strconv.Itoa(o.seq%16), v)}
	case opZAdd:
		return []string{m.hset(l.key("zset"), "m"+strconv.Itoa(o.seq%16), v)}
	}
	a, b := l.key("txa"), l.key("txb")
	m.str[a], m.str[b] = v, v
	return []string{a, b, m.incr(l.key("txn"))}
}

func (m *model) incr(k string) string {
	n, _ := strconv.Atoi(m.str[k])
	m.str[k] = strconv.Itoa(n + 1)
	return k
}

func (m *model) hset(k, f, v string) string {
	if m.hash[k] == nil {
		m.hash[k] = map[string]string{}
	}
	m.hash[k][f] = v
	return k
}

func (m *model) canon(k string) string {
	if s, ok := m.str[k]; ok {
		return s
	}
	if l, ok := m.list[k]; ok {
		return strings.Join(l, ",")
	}
	if h, ok := m.hash[k]; ok {
		return canonPairs(h)
	}
	return ""
}

// canonPairs renders field/value (or member/score) pairs sorted.
func canonPairs(h map[string]string) string {
	s := make([]string, 0, len(h))
	for f, v := range h {
		s = append(s, f+"="+v)
	}
	slices.Sort(s)
	return strings.Join(s, ",")
}
