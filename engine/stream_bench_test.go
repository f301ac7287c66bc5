package engine

import (
	"strconv"
	"testing"

	"github.com/strata-db/strata/internal/resp"
)

// BenchmarkXADD measures the engine side of XADD key * field value.
func BenchmarkXADD(b *testing.B) {
	e, _ := testEngine(b)
	w := resp.NewWriter()
	args := [][]byte{[]byte("XADD"), []byte("s"), []byte("*"), []byte("field"), []byte("000000123456")}
	c := &Ctx{DB: e.DB(0), Cmd: Lookup(args[0]), Args: args, W: w}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e.Lock()
		e.Exec(c)
		e.TakeEffectsShared() // as the server, which reuses effect buffers
		e.Unlock()
		w.Reset()
	}
}

// BenchmarkXREADGROUP measures XREADGROUP COUNT 1 of new entries.
func BenchmarkXREADGROUP(b *testing.B) {
	e, _ := testEngine(b)
	for i := 0; i < b.N; i++ {
		run(e, "XADD", "s", strconv.Itoa(i+1), "field", "000000123456")
	}
	run(e, "XGROUP", "CREATE", "s", "g", "0")
	w := resp.NewWriter()
	args := [][]byte{[]byte("XREADGROUP"), []byte("GROUP"), []byte("g"), []byte("c"), []byte("COUNT"), []byte("1"), []byte("STREAMS"), []byte("s"), []byte(">")}
	c := &Ctx{DB: e.DB(0), Cmd: Lookup(args[0]), Args: args, W: w}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Lock()
		e.Exec(c)
		e.TakeEffectsShared() // as the server, which reuses effect buffers
		e.Unlock()
		w.Reset()
	}
}
