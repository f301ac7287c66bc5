package engine

import (
	"testing"
	"time"

	"github.com/strata-db/strata/internal/resp"
)

// runBlocking executes one command as a client that may (or, inside
// MULTI, may not) block, and returns its reply and block request.
func runBlocking(e *Engine, noBlock bool, args ...string) (string, *BlockRequest) {
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	w := resp.NewWriter()
	c := &Ctx{DB: e.DB(0), Cmd: Lookup(argv[0]), Args: argv, W: w, NoBlock: noBlock}
	e.Lock()
	defer e.Unlock()
	e.Exec(c)
	return string(w.Bytes()), c.Blocked()
}

func TestBlockingPopsBlockThenServe(t *testing.T) {
	var ready []string
	// A fixed clock: the deadlines the test checks must not depend on
	// how long the machine takes between two commands.
	fixed := time.UnixMilli(1_700_000_000_000)
	e := New(Options{KeyReady: func(db int, key string) { ready = append(ready, key) },
		Now: func() time.Time { return fixed }})
	now := e.Now()
	for _, tc := range []struct {
		args []string
		keys []string
		push []string
		want string
		log  string
	}{
		{[]string{"BLPOP", "a", "b", "0.5"}, []string{"a", "b"}, []string{"RPUSH", "b", "x", "y"},
			rBulks("b", "x"), "LPOP b"},
		{[]string{"BRPOP", "a", "0"}, []string{"a"}, []string{"RPUSH", "a", "x", "y"},
			rBulks("a", "y"), "RPOP a"},
		{[]string{"BLMOVE", "s", "d", "RIGHT", "LEFT", "1"}, []string{"s"}, []string{"LPUSH", "s", "v"},
			rBulk("v"), "LMOVE s d RIGHT LEFT"},
		{[]string{"BRPOPLPUSH", "s2", "d", "1"}, []string{"s2"}, []string{"LPUSH", "s2", "v"},
			rBulk("v"), "RPOPLPUSH s2 d"},
		{[]string{"BLMPOP", "0", "2", "m1", "m2", "LEFT", "COUNT", "3"}, []string{"m1", "m2"},
			[]string{"RPUSH", "m2", "1", "2"}, rArr(rBulk("m2"), rBulks("1", "2")), "LPOP m2 2"},
		{[]string{"BZPOPMIN", "z1", "z2", "0"}, []string{"z1", "z2"}, []string{"ZADD", "z2", "1", "m"},
			rArr(rBulk("z2"), rBulk("m"), rBulk("1")), "ZPOPMIN z2"},
		{[]string{"BZMPOP", "0", "1", "z3", "MAX", "COUNT", "2"}, []string{"z3"},
			[]string{"ZADD", "z3", "1", "a", "2", "b", "3", "c"},
			rArr(rBulk("z3"), rArr(rArr(rBulk("c"), rBulk("3")), rArr(rBulk("b"), rBulk("2")))), "ZPOPMAX z3 2"},
	} {
		ready = nil
		got, br := runBlocking(e, false, tc.args...)
		if got != "" || br == nil {
			t.Fatalf("%v: reply %q, block %v; want a block and no reply", tc.args, got, br)
		}
		if len(br.Keys) != len(tc.keys) || br.Keys[0] != tc.keys[0] || br.Keys[len(br.Keys)-1] != tc.keys[len(tc.keys)-1] {
			t.Errorf("%v: block keys %q, want %q", tc.args, br.Keys, tc.keys)
		}
		if len(e.TakeEffects()) != 0 {
			t.Errorf("%v: a blocked command logged something", tc.args)
		}
		run(e, tc.push...)
		if len(ready) == 0 || ready[0] != tc.push[1] {
			t.Errorf("%v: push signalled %q, want %q", tc.push, ready, tc.push[1])
		}
		e.TakeEffects()
		// The server re-runs the parked command once its key is ready.
		got, br = runBlocking(e, false, tc.args...)
		if got != tc.want || br != nil {
			t.Errorf("%v re-run: reply %q block %v, want %q", tc.args, got, br, tc.want)
		}
		if eff := effectStrings(t, e); len(eff) != 1 || eff[0] != tc.log {
			t.Errorf("%v re-run logged %q, want %q", tc.args, eff, tc.log)
		}
	}
	if _, br := runBlocking(e, false, "BLPOP", "q", "1.5"); br == nil || br.Deadline != now+1500 {
		t.Errorf("BLPOP 1.5 deadline = %v, want %d", br, now+1500)
	}
	if _, br := runBlocking(e, false, "BLPOP", "q", "0"); br == nil || br.Deadline != 0 {
		t.Errorf("BLPOP 0 deadline = %v, want 0 (for ever)", br)
	}
}

func TestBlockingInsideMultiAnswersAsTimeout(t *testing.T) {
	e, _ := testEngine(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"BLPOP", "a", "0"}, rNullArr},
		{[]string{"BRPOP", "a", "b", "1"}, rNullArr},
		{[]string{"BLMOVE", "a", "b", "LEFT", "LEFT", "0"}, rNull},
		{[]string{"BRPOPLPUSH", "a", "b", "0"}, rNull},
		{[]string{"BLMPOP", "0", "1", "a", "LEFT"}, rNullArr},
		{[]string{"BZPOPMAX", "a", "0"}, rNullArr},
		{[]string{"BZMPOP", "0", "1", "a", "MIN"}, rNullArr},
	} {
		got, br := runBlocking(e, true, tc.args...)
		if got != tc.want || br != nil {
			t.Errorf("%v in MULTI = %q (block %v), want %q", tc.args, got, br, tc.want)
		}
	}
}

func TestBlockingErrors(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "SET", "s", "x")
	runSteps(t, e, []step{
		{cmd: "BLPOP a -1", want: rErr("ERR timeout is negative")},
		{cmd: "BLPOP a x", want: rErr("ERR timeout is not a float or out of range")},
		{cmd: "BLPOP a inf", want: rErr("ERR timeout is not a float or out of range")},
		{cmd: "BLPOP s 0", want: wrongType},
		{cmd: "BLMOVE s d LEFT LEFT 0", want: wrongType},
		{cmd: "BLMOVE a d UP LEFT 0", want: rErr("ERR syntax error")},
		{cmd: "BLMPOP 0 0 a LEFT", want: rErr("ERR numkeys should be greater than 0")},
		{cmd: "BZPOPMIN s 0", want: wrongType},
		{cmd: "BZMPOP 0 1 a SIDEWAYS", want: rErr("ERR syntax error")},
	})
}
