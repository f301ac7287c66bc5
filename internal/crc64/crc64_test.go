package crc64

import (
	"hash/crc64"
	"math/rand"
	"testing"
)

func TestCheckValue(t *testing.T) {
	if got := Checksum([]byte("123456789")); got != 0xe9c6d914c4b8d9ca {
		t.Fatalf("CRC(123456789) = %x, want e9c6d914c4b8d9ca", got)
	}
}

// The stdlib table with inversion on both sides is the same function; use it
// as an independent model for random inputs and random split points.
func TestMatchesInvertedStdlib(t *testing.T) {
	tab := crc64.MakeTable(reflectedPoly)
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		p := make([]byte, rng.Intn(300))
		rng.Read(p)
		want := ^crc64.Update(^uint64(0), tab, p)
		cut := 0
		if len(p) > 0 {
			cut = rng.Intn(len(p))
		}
		if got := Update(Update(0, p[:cut]), p[cut:]); got != want {
			t.Fatalf("len %d cut %d: got %x want %x", len(p), cut, got, want)
		}
	}
}

func BenchmarkUpdate(b *testing.B) {
	p := make([]byte, 64<<10)
	b.SetBytes(int64(len(p)))
	for i := 0; i < b.N; i++ {
		Update(0, p)
	}
}
