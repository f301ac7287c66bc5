package checkaof

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

const set = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"

func writeFile(t *testing.T, fs vfs.FS, name, data string) {
	t.Helper()
	f, err := fs.Create(name, vfs.WriteCategoryUnspecified)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(f, data); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func readFile(t *testing.T, fs vfs.FS, name string) string {
	t.Helper()
	f, err := fs.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	return string(b)
}

func exitCode(err error) int {
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	if err != nil {
		return -1
	}
	return 0
}

// The expectations are redis-check-aof 7.0.15's own output on the same
// bytes (analysis line and error line).
func TestSingleFileVerdicts(t *testing.T) {
	cases := []struct {
		name, data string
		exit       int
		okUpTo     int64
		line       string // expected in the output
	}{
		{"clean", set, 0, 27, "ok_up_to=27, ok_up_to_line=8, diff=0"},
		{"cut in a bulk", set + "*1\r\n$4\r\nPI", 1, 27, "0x              23: Expected to read 6 bytes, got 2 bytes"},
		{"multi without exec", set + "*1\r\n$5\r\nMULTI\r\n" + set, 1, 27, "0x              42: Reached EOF before reading EXEC for MULTI"},
		{"annotations, torn one last", "#TS:17\r\n" + set + "#TS:18", 0, 41, "ok_up_to=41, ok_up_to_line=8, diff=0"},
		{"garbage byte", set + "x", 1, 27, "AOF f format error"},
		{"exec alone", "*1\r\n$4\r\nEXEC\r\n", 1, 0, "0x               8: Unexpected EXEC in AOF f"},
		{"argc without digits", "*\r\n" + set, 0, 30, "ok_up_to=30, ok_up_to_line=9, diff=0"},
		{"zeros appended", set + "\x00\x00\x00", 1, 27, "ok_up_to=27, ok_up_to_line=8, diff=3"},
		{"space before argc", "* 1\r\n$4\r\nPING\r\n", 0, 15, "ok_up_to=15, ok_up_to_line=4, diff=0"},
		{"bad CRLF after bulk", "*1\r\n$4\r\nPINGxx", 1, 0, `0x               8: Expected \r\n, got: 7878`},
		{"empty", "", 0, 0, "AOF f is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := vfs.NewMem()
			writeFile(t, fs, "f", tc.data)
			var out bytes.Buffer
			rep, err := Check("f", Options{FS: fs, Out: &out})
			if got := exitCode(err); got != tc.exit {
				t.Fatalf("exit %d, want %d\n%s", got, tc.exit, out.String())
			}
			if !strings.Contains(out.String(), tc.line) {
				t.Errorf("output lacks %q:\n%s", tc.line, out.String())
			}
			if p := rep.Parts[0]; p.OkUpTo != tc.okUpTo {
				t.Errorf("ok_up_to %d, want %d", p.OkUpTo, tc.okUpTo)
			}
		})
	}
}

// Zeros to the end of a file are judged as redis-check-aof judges them
// (format error, exit 1) and the report says what they are; zeros with
// anything after them are plain damage.
func TestReservedZerosExplained(t *testing.T) {
	for _, tc := range []struct {
		data     string
		reserved bool
	}{
		{set + strings.Repeat("\x00", 5000), true},
		{set + strings.Repeat("\x00", 5000) + "x", false},
	} {
		fs := vfs.NewMem()
		writeFile(t, fs, "f", tc.data)
		var out bytes.Buffer
		rep, err := Check("f", Options{FS: fs, Out: &out})
		if exitCode(err) != 1 || !strings.Contains(out.String(), "AOF f format error") {
			t.Fatalf("exit %d:\n%s", exitCode(err), out.String())
		}
		p := rep.Parts[0]
		if p.OkUpTo != 27 || p.DamageOffset != 27 || (p.Damage == reservedZeros) != tc.reserved ||
			!strings.HasPrefix(p.Damage, "format error") {
			t.Fatalf("reserved %v: part %+v", tc.reserved, p)
		}
	}
}

func TestFixKeepsCutBytes(t *testing.T) {
	fs := vfs.NewMem()
	tail := "*1\r\n$5\r\nMULTI\r\n" + set
	writeFile(t, fs, "f", set+tail)
	var out bytes.Buffer
	// Without a yes, nothing changes and the exit status is 1.
	_, err := Check("f", Options{FS: fs, Out: &out, Fix: true, In: strings.NewReader("n\n")})
	if exitCode(err) != 1 || readFile(t, fs, "f") != set+tail {
		t.Fatalf("refused fix changed the file or exited %d", exitCode(err))
	}
	rep, err := Check("f", Options{FS: fs, Out: &out, Fix: true, In: strings.NewReader("y\n")})
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, fs, "f"); got != set {
		t.Errorf("fixed file %q", got)
	}
	p := rep.Parts[0]
	if p.Status != StatusTruncated || p.CutFile != "f.cut-27" || readFile(t, fs, p.CutFile) != tail {
		t.Errorf("part %+v", p)
	}
	if p.LastGood != `"SET" "k" "v"` || p.LastGoodEnd != 27 {
		t.Errorf("last good %q at %d", p.LastGood, p.LastGoodEnd)
	}
}

func TestManifestParts(t *testing.T) {
	fs := vfs.NewMem()
	fs.MkdirAll("d", 0o755)
	writeFile(t, fs, "d/m", "file b.aof seq 1 type b\nfile i1.aof seq 1 type i\nfile i2.aof seq 2 type i\n")
	writeFile(t, fs, "d/b.aof", "*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n"+set)
	writeFile(t, fs, "d/i1.aof", "#TS:100\r\n"+set+"#TS:200\r\n"+set+"x")
	writeFile(t, fs, "d/i2.aof", set)
	var out bytes.Buffer
	rep, err := Check("d/m", Options{FS: fs, Out: &out, Fix: true, Yes: true})
	// Damage in a file that is not the last cannot be fixed.
	if exitCode(err) != 1 || !strings.Contains(out.String(), "Failed to truncate AOF i1.aof because it is not the last file") {
		t.Fatalf("exit %d\n%s", exitCode(err), out.String())
	}
	b, i1 := rep.Parts[0], rep.Parts[1]
	if b.Commands != 2 || len(b.DBs) != 1 || b.DBs[0] != 3 {
		t.Errorf("base %+v", b)
	}
	if i1.FirstTS != 100 || i1.LastTS != 200 || i1.Commands != 2 || i1.Damage != "format error" {
		t.Errorf("incr %+v", i1)
	}
	// Truncating to a timestamp cuts the last file at the annotation.
	writeFile(t, fs, "d/i1.aof", "#TS:100\r\n"+set)
	writeFile(t, fs, "d/i2.aof", set+"#TS:300\r\n"+set)
	rep, err = Check("d/m", Options{FS: fs, Out: &out, TruncateToTimestamp: 250})
	if err != nil || readFile(t, fs, "d/i2.aof") != set || rep.Parts[2].Status != StatusTimestampTruncated {
		t.Fatalf("truncate to timestamp: %v %+v\n%s", err, rep.Parts[2], out.String())
	}
}

func TestMissingPart(t *testing.T) {
	fs := vfs.NewMem()
	writeFile(t, fs, "m", "file b.aof seq 1 type b\n")
	var out bytes.Buffer
	_, err := Check("m", Options{FS: fs, Out: &out})
	if exitCode(err) != 1 || !strings.Contains(out.String(), "Cannot open file b.aof") {
		t.Fatalf("exit %d\n%s", exitCode(err), out.String())
	}
}
