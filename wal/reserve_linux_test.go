package wal

import (
	"bytes"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// On a real file the space is reserved with fallocate: the file is a step
// long while written, reads as the bytes then zeros, and is cut back to
// the bytes at Close.
func TestReserveRealFile(t *testing.T) {
	fs := vfs.Default
	name := fs.PathJoin(t.TempDir(), "log")
	w := NewWriter(Options{File: createFile(t, fs, name), Policy: Always, ReserveStep: 64 << 10})
	want := bytes.Repeat([]byte("0123456789"), 1000)
	for i := 0; i < 10; i++ {
		if err := w.Append(want[i*1000:(i+1)*1000], uint64(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WaitDurable(10); err != nil {
		t.Fatal(err)
	}
	st, err := fs.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != 64<<10 {
		t.Fatalf("file is %d bytes while written, want the step, %d", st.Size(), 64<<10)
	}
	got := readFile(t, fs, name)
	if !bytes.Equal(got[:len(want)], want) || !bytes.Equal(got[len(want):], make([]byte, len(got)-len(want))) {
		t.Fatal("the file is not the bytes written followed by zeros")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, fs, name); !bytes.Equal(got, want) {
		t.Fatalf("after Close the file is %d bytes, want exactly the %d written", len(got), len(want))
	}
}
