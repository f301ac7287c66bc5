package resp

import (
	"bytes"
	"fmt"
	"testing"
)

// parseMultibulkRef is the parser before the one-pass header fast path:
// it finds each header's CRLF, then parses the number. The fast path must
// agree with it on every input.
func parseMultibulkRef(b []byte, maxBulk int64, args [][]byte) ([][]byte, int, error) {
	end, err := line(b, "too big mbulk count string")
	if err != nil {
		return nil, 0, err
	}
	count, ok := parseInt(b[1:end])
	if !ok || count > multibulkMax {
		return nil, 0, &ProtocolError{"invalid multibulk length"}
	}
	pos := end + 2
	if count <= 0 {
		return args[:0], pos, nil
	}
	args = args[:0]
	for i := int64(0); i < count; i++ {
		if pos >= len(b) {
			return nil, 0, errMore
		}
		if b[pos] != '$' {
			return nil, 0, &ProtocolError{"expected '$', got '" + string(b[pos]) + "'"}
		}
		hend, err := line(b[pos:], "too big bulk count string")
		if err != nil {
			return nil, 0, err
		}
		n, ok := parseInt(b[pos+1 : pos+hend])
		if !ok || n < 0 || n > maxBulk {
			return nil, 0, &ProtocolError{"invalid bulk length"}
		}
		pos += hend + 2
		if int64(len(b)-pos) < n+2 {
			return nil, 0, errMore
		}
		args = append(args, b[pos:pos+int(n)])
		pos += int(n) + 2
	}
	return args, pos, nil
}

func sameParse(t *testing.T, data []byte) {
	t.Helper()
	if len(data) == 0 || data[0] != '*' {
		return
	}
	a1, n1, e1 := parseMultibulk(data, 1<<20, nil)
	a2, n2, e2 := parseMultibulkRef(data, 1<<20, nil)
	if fmt.Sprint(e1) != fmt.Sprint(e2) || n1 != n2 || len(a1) != len(a2) {
		t.Fatalf("%q: got (%d args, %d, %v), want (%d args, %d, %v)", data, len(a1), n1, e1, len(a2), n2, e2)
	}
	for i := range a1 {
		if !bytes.Equal(a1[i], a2[i]) {
			t.Fatalf("%q: arg %d is %q, want %q", data, i, a1[i], a2[i])
		}
	}
}

func TestFastHeaderAgrees(t *testing.T) {
	for _, s := range []string{
		"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "*0\r\n", "*-1\r\n", "*01\r\n$1\r\na\r\n", "*1\r\n$01\r\na\r\n",
		"*1\r\n$-1\r\n", "*1\r\n$-0\r\n", "*1\r\n$\r\n", "*\r\n", "*1\r", "*1\r\n$3\r", "*1\r\n$3\r\nab",
		"*1\r\n$999999999999999999\r\n", "*1\r\n$9999999999999999999\r\n", "*1\r\n$2097152\r\n",
		"*2147483648\r\n", "*1x\r\n", "*1\r\n$1x\r\na\r\n", "*1\n", "*1\r\n$1\r\n", "*1\r\n+1\r\n",
		"*1\r\n$12345678901234567890123\r\n",
	} {
		sameParse(t, []byte(s))
	}
}

func FuzzFastHeaderAgrees(f *testing.F) {
	for _, s := range []string{"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "*1\r\n$01\r\na\r\n", "*-1\r\n", "*1\r\n$-0\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(sameParse)
}

func BenchmarkParseMSET(b *testing.B) {
	var req []byte
	req = fmt.Appendf(req, "*21\r\n$4\r\nMSET\r\n")
	for i := 0; i < 10; i++ {
		req = fmt.Appendf(req, "$16\r\nkey:__rand_int__\r\n$3\r\nxxx\r\n")
	}
	args := make([][]byte, 0, 32)
	b.SetBytes(int64(len(req)))
	for i := 0; i < b.N; i++ {
		args, _, _ = parseMultibulk(req, 512<<20, args)
	}
}
