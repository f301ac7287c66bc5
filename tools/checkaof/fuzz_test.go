package checkaof

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// FuzzCheckFix: any bytes are checked without panic, and whatever --fix
// leaves behind checks as valid and is a prefix of the input; the cut copy
// holds exactly the rest.
func FuzzCheckFix(f *testing.F) {
	f.Add([]byte(set))
	f.Add([]byte(set + "*1\r\n$5\r\nMULTI\r\n" + set + "*1\r\n$4\r\nEXEC\r\n"))
	f.Add([]byte("#TS:17\r\n" + set + "#TS:18"))
	f.Add([]byte(set + "\x00\x00"))
	f.Add([]byte("*-1\r\n* 2\r\n$+1\r\na\r\n$1\r\nb\r\n"))
	f.Add([]byte("REDIS0010\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte("file")) || bytes.Contains(data, []byte("\nfile")) {
			return // a manifest: its parser has its own tests
		}
		fs := vfs.NewMem()
		writeFile(t, fs, "f", string(data))
		_, err := Check("f", Options{FS: fs, Fix: true, Yes: true})
		if err != nil {
			return // refused (an RDB preamble that is not sane)
		}
		fixed := readFile(t, fs, "f")
		if !strings.HasPrefix(string(data), fixed) {
			t.Fatalf("fixed file is not a prefix of the input")
		}
		if len(fixed) < len(data) {
			if cut := readFile(t, fs, "f.cut-"+itoa(len(fixed))); fixed+cut != string(data) {
				t.Fatalf("cut copy does not hold the rest")
			}
		}
		var out bytes.Buffer
		if rep, err := Check("f", Options{FS: fs, Out: &out}); err != nil || !rep.Valid {
			t.Fatalf("fixed file does not check: %v\n%s", err, out.String())
		}
	})
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}
