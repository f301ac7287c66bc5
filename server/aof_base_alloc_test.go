package server

import (
	"bufio"
	"fmt"
	"io"
	"testing"

	"github.com/strata-db/strata/engine"
)

// A RESP base (aof-use-rdb-preamble no) is written without allocating per
// key or per element, and reads back as the commands that rebuild the data.
func TestRESPBaseAllocatesNothingPerKey(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	save := func() float64 {
		s.eng.Lock()
		snap := s.eng.Snapshot()
		s.eng.Unlock()
		w := bufio.NewWriterSize(io.Discard, 64<<10)
		return testing.AllocsPerRun(3, func() {
			if err := writeRESPDB(w, &snap.DBs[0], func() {}); err != nil {
				t.Fatal(err)
			}
		})
	}
	add := func(from, to int) {
		for i := from; i < to; i++ {
			c.send("SET", fmt.Sprint("s", i), "v")
			c.send("PEXPIREAT", fmt.Sprint("s", i), "99999999999999")
			c.send("RPUSH", fmt.Sprint("l", i), "a", "b", "c")
			c.send("SADD", fmt.Sprint("t", i), "a", "b", "c")
			c.send("HSET", fmt.Sprint("h", i), "f", "v", "g", "w")
			c.send("ZADD", fmt.Sprint("z", i), "1.5", "a", "2", "b")
			for j := 0; j < 6; j++ {
				c.read()
			}
		}
	}
	add(0, 200)
	one := save()
	add(200, 400)
	two := save()
	if perKey := (two - one) / 1000; perKey > 0.05 {
		t.Fatalf("%.0f allocations for 1,000 keys, %.0f for 2,000 (%.2f per key)", one, two, perKey)
	}
}

// What respBase writes for a key: batches of itemsPerCmd, then the expiry.
func TestRESPBaseCommands(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	members := []string{"ZADD", "z"}
	for i := 0; i < itemsPerCmd+1; i++ {
		members = append(members, fmt.Sprint(i, ".5"), fmt.Sprint("m", i))
	}
	c.do(members...)
	c.expect("1", "PEXPIREAT", "z", "99999999999999")
	s.eng.Lock()
	snap := s.eng.Snapshot()
	s.eng.Unlock()
	r := newRESPBase()
	if err := r.key("z", snap.DBs[0].Get("z")); err != nil {
		t.Fatal(err)
	}
	want := engine.AppendCommand(nil, toBytes(members[:2+2*itemsPerCmd])...)
	want = engine.AppendCommand(want, toBytes(append([]string{"ZADD", "z"}, members[2+2*itemsPerCmd:]...))...)
	want = engine.AppendCommand(want, toBytes([]string{"PEXPIREAT", "z", "99999999999999"})...)
	if string(r.dst) != string(want) {
		t.Fatalf("got\n%q\nwant\n%q", r.dst, want)
	}
}

func toBytes(ss []string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}
