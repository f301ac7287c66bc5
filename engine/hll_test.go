package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/hll"
)

// effectsText joins the logged commands since the last call.
func effectsText(e *Engine) string {
	var sb strings.Builder
	for _, eff := range e.TakeEffects() {
		sb.Write(eff.RESP)
	}
	return sb.String()
}

func cmdText(args ...string) string { return rBulks(args...) }

func TestHLLLogging(t *testing.T) {
	e, _ := testEngine(t)
	steps := []struct {
		argv   []string
		reply  string
		logged string
	}{
		{[]string{"PFADD", "h", "a", "b"}, rInt(1), cmdText("PFADD", "h", "a", "b")},
		{[]string{"PFADD", "h", "a"}, rInt(0), ""},
		// A stale cache is refreshed and PFCOUNT is logged, as Redis
		// propagates it; a fresh one is not.
		{[]string{"PFCOUNT", "h"}, rInt(2), cmdText("PFCOUNT", "h")},
		{[]string{"PFCOUNT", "h"}, rInt(2), ""},
		{[]string{"PFCOUNT", "h", "none"}, rInt(2), ""},
		{[]string{"PFMERGE", "d", "h"}, rOK, cmdText("PFMERGE", "d", "h")},
		{[]string{"PFDEBUG", "ENCODING", "d"}, rSimple("sparse"), ""},
		{[]string{"PFDEBUG", "TODENSE", "d"}, rInt(1), cmdText("PFDEBUG", "TODENSE", "d")},
		{[]string{"PFDEBUG", "TODENSE", "d"}, rInt(0), ""},
		{[]string{"PFDEBUG", "ENCODING", "d"}, rSimple("dense"), ""},
		{[]string{"PFADD", "new"}, rInt(1), cmdText("PFADD", "new")},
	}
	for _, s := range steps {
		if got := run(e, s.argv...); got != s.reply {
			t.Errorf("%q = %q, want %q", s.argv, got, s.reply)
		}
		if got := effectsText(e); got != s.logged {
			t.Errorf("%q logged %q, want %q", s.argv, got, s.logged)
		}
	}
}

func TestHLLKeepsTTLAndPromotes(t *testing.T) {
	e, now := testEngine(t)
	run(e, "PFADD", "h", "a")
	run(e, "PEXPIRE", "h", "1000")
	run(e, "PFADD", "h", "b", "c")
	if got := run(e, "PTTL", "h"); got != rInt(1000) {
		t.Errorf("PTTL after PFADD = %q", got)
	}
	e.Config().HLLSparseMaxBytes = 30
	elems := []string{"PFADD", "h"}
	for i := 0; i < 20; i++ {
		elems = append(elems, "x"+string(rune('a'+i)))
	}
	run(e, elems...)
	if got := run(e, "PFDEBUG", "ENCODING", "h"); got != rSimple("dense") {
		t.Errorf("encoding past hll-sparse-max-bytes = %q", got)
	}
	if got := run(e, "STRLEN", "h"); got != rInt(hll.DenseSize) {
		t.Errorf("dense STRLEN = %q", got)
	}
	*now = now.Add(2 * time.Second)
	if got := run(e, "EXISTS", "h"); got != rInt(0) {
		t.Errorf("expired HLL still there: %q", got)
	}
}

func TestHLLErrors(t *testing.T) {
	runFresh(t, map[string][]step{
		"types": {
			{cmd: "SET s notanhll", want: rOK},
			{cmd: "PFADD s a", want: rErr(ErrHLLNotValid)},
			{cmd: "PFCOUNT s", want: rErr(ErrHLLNotValid)},
			{cmd: "PFMERGE d s", want: rErr(ErrHLLNotValid)},
			{cmd: "EXISTS d", want: rInt(0)},
			{cmd: "LPUSH l a", want: rInt(1)},
			{cmd: "PFADD l a", want: wrongType},
			{cmd: "PFCOUNT x l", want: wrongType},
			{cmd: "PFDEBUG GETREG nokey", want: rErr(ErrPFDebugNoKey)},
			{cmd: "PFADD h a", want: rInt(1)},
			{cmd: "PFDEBUG WHAT h", want: rErr("ERR Unknown PFDEBUG subcommand 'WHAT'")},
			{cmd: "PFDEBUG DECODE h", want: rBulk("Z:12711 v:2,1 Z:3672")}, // as redis-server 7.0.15
		},
		"corrupt": {
			{cmd: "PFADD h a b c", want: rInt(1)},
			{cmd: "APPEND h hello", want: rInt(27 + 5)}, // 27 bytes in redis-server 7.0.15
			{cmd: "PFCOUNT h", want: rErr(ErrHLLCorrupt)},
			{cmd: "PFMERGE d h", want: rErr(ErrHLLCorrupt)},
			{cmd: "SETRANGE h 4 \x00", want: rInt(32)},
			{cmd: "PFCOUNT h", want: rErr(ErrHLLNotValid)},
		},
	})
}
