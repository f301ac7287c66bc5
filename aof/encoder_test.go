package aof

import (
	"testing"
	"time"

	"github.com/strata-db/strata/engine"
)

func eff(lsn uint64, db int, args ...string) engine.Effect {
	return engine.Effect{LSN: lsn, DB: db, RESP: cmd(args...)}
}

func TestEncoder(t *testing.T) {
	now := time.Unix(1700000000, 0)
	e := NewEncoder(false, func() time.Time { return now })
	cases := []struct {
		name  string
		batch []engine.Effect
		want  []byte
		lsn   uint64
	}{
		{"first command selects", []engine.Effect{eff(1, 0, "SET", "a", "1")},
			cat(cmd("SELECT", "0"), cmd("SET", "a", "1")), 1},
		{"same db: no select", []engine.Effect{eff(2, 0, "DEL", "a")}, cmd("DEL", "a"), 2},
		{"db change", []engine.Effect{eff(3, 5, "DEL", "b")}, cat(cmd("SELECT", "5"), cmd("DEL", "b")), 3},
		{"transaction wrapped", []engine.Effect{eff(4, 5, "SET", "x", "1"), eff(5, 2, "SET", "y", "2")},
			cat(cmd("MULTI"), cmd("SET", "x", "1"), cmd("SELECT", "2"), cmd("SET", "y", "2"), cmd("EXEC")), 5},
		{"db change before MULTI", []engine.Effect{eff(6, 7, "SREM", "s", "a"), eff(6, 7, "SREM", "s", "b")},
			cat(cmd("SELECT", "7"), cmd("MULTI"), cmd("SREM", "s", "a"), cmd("SREM", "s", "b"), cmd("EXEC")), 6},
		{"one effect, two commands", []engine.Effect{{LSN: 7, DB: 7, RESP: cat(cmd("A"), cmd("B"))}},
			cat(cmd("MULTI"), cmd("A"), cmd("B"), cmd("EXEC")), 7},
		{"empty batch", nil, nil, 0},
	}
	for _, c := range cases {
		got, lsn := e.AppendBatch(nil, c.batch)
		if string(got) != string(c.want) || lsn != c.lsn {
			t.Fatalf("%s: got %q lsn %d, want %q lsn %d", c.name, got, lsn, c.want, c.lsn)
		}
	}
	e.Reset()
	if got, _ := e.AppendBatch(nil, []engine.Effect{eff(8, 7, "DEL", "c")}); string(got) != string(cat(cmd("SELECT", "7"), cmd("DEL", "c"))) {
		t.Fatalf("after Reset: %q", got)
	}
}

func TestEncoderTimestamps(t *testing.T) {
	now := time.Unix(1700000000, 0)
	e := NewEncoder(true, func() time.Time { return now })
	got, _ := e.AppendBatch(nil, []engine.Effect{eff(1, 0, "DEL", "a")})
	got, _ = e.AppendBatch(got, []engine.Effect{eff(2, 0, "DEL", "b")})
	now = now.Add(time.Second)
	got, _ = e.AppendBatch(got, []engine.Effect{eff(3, 0, "DEL", "c")})
	want := cat([]byte("#TS:1700000000\r\n"), cmd("SELECT", "0"), cmd("DEL", "a"), cmd("DEL", "b"),
		[]byte("#TS:1700000001\r\n"), cmd("DEL", "c"))
	if string(got) != string(want) {
		t.Fatalf("got %q", got)
	}
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}
