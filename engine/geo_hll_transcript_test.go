package engine

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// latin1 turns the transcript's JSON text (bytes written as latin-1
// code points) back into bytes.
func latin1(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = append(b, byte(r))
	}
	return string(b)
}

// TestGeoHLLTranscript replays commands recorded from redis-server
// 7.0.15 by scripts/geo-golden.py and requires byte-identical replies:
// positions, hashes, distances, search order, stores, errors, and the raw
// bytes of HyperLogLog values.
func TestGeoHLLTranscript(t *testing.T) {
	f, err := os.Open("../internal/geohash/testdata/transcript.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, _ := testEngine(t)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	n, bad := 0, 0
	for sc.Scan() {
		var rec struct {
			Cmd   []string `json:"cmd"`
			Reply string   `json:"reply"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		args := make([]string, len(rec.Cmd))
		for i, a := range rec.Cmd {
			args[i] = latin1(a)
		}
		n++
		if got, want := run(e, args...), latin1(rec.Reply); got != want {
			bad++
			if bad <= 15 {
				t.Errorf("%q:\n got %.300q\nwant %.300q", args, got, want)
			}
		}
	}
	if bad > 0 || n == 0 {
		t.Errorf("%d of %d replies differ", bad, n)
	}
}
