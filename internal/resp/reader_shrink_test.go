package resp

import (
	"bytes"
	"strings"
	"testing"
)

// A buffer grown for a big request is given back once consumed.
func TestShrinkAfterBigRequest(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	in := "*2\r\n$3\r\nSET\r\n$" + "1048576\r\n" + big + "\r\n"
	r := NewReader(strings.NewReader(in))
	r.Limits.MaxBulkLen = 1 << 30
	r.Limits.QueryBuffer = 1 << 30
	args, err := r.Next()
	if err != nil || len(args) != 2 || !bytes.Equal(args[1], []byte(big)) {
		t.Fatalf("Next: %v", err)
	}
	if len(r.buf) <= 4*readChunk {
		t.Fatalf("buffer did not grow: %d", len(r.buf))
	}
	r.Shrink()
	if len(r.buf) != readChunk {
		t.Fatalf("buffer after Shrink: %d bytes", len(r.buf))
	}
}
