//go:build interop

package interop

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawConn is a minimal RESP client that renders every reply to a canonical
// text that keeps its type, so that two servers' bytes can be compared.
type rawConn struct {
	c  net.Conn
	br *bufio.Reader
}

const readTimeout = 3 * time.Second

func dial(t testing.TB, p *proc) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", p.addr, 2*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", p.name, err)
	}
	return &rawConn{c: c, br: bufio.NewReader(c)}
}

func (r *rawConn) Close() error { return r.c.Close() }

func encode(args []string) []byte {
	b := fmt.Appendf(nil, "*%d\r\n", len(args))
	for _, a := range args {
		b = fmt.Appendf(b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b
}

func (r *rawConn) send(b []byte) error {
	r.c.SetWriteDeadline(time.Now().Add(readTimeout))
	_, err := r.c.Write(b)
	return err
}

func (r *rawConn) do(args ...string) string {
	if err := r.send(encode(args)); err != nil {
		return "<write error>"
	}
	return r.read(false)
}

// read renders the next reply; "<closed>" when the server closed the
// connection, "<timeout>" when nothing came. sorted orders the elements of
// every aggregate reply, nested ones too, for commands whose order is
// unspecified.
func (r *rawConn) read(sorted bool) string {
	r.c.SetReadDeadline(time.Now().Add(readTimeout))
	s, err := readReply(r.br, sorted)
	var ne net.Error
	switch {
	case err == nil:
		return s
	case errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || isReset(err):
		return "<closed>"
	case errors.As(err, &ne) && ne.Timeout():
		return "<timeout>"
	}
	return "<bad reply: " + err.Error() + ">"
}

func isReset(err error) bool {
	return errors.Is(err, os.ErrClosed) || strings.Contains(err.Error(), "connection reset")
}

func readLine(br *bufio.Reader) (string, error) {
	s, err := br.ReadString('\n')
	if err != nil {
		return "", err
	}
	if !strings.HasSuffix(s, "\r\n") {
		return "", fmt.Errorf("line without CRLF: %q", s)
	}
	return s[:len(s)-2], nil
}

// readReply parses one RESP2/RESP3 reply. The rendering: simple strings
// +OK, errors -ERR ..., integers :1, bulk strings quoted, nulls $-1 / *-1 /
// _, doubles ,1.5, booleans #t, big numbers (1, verbatim =txt:"..." and
// aggregates as *N[a b], %N{k:v}, ~N[...], >N[...].
func readReply(br *bufio.Reader, sorted bool) (string, error) {
	l, err := readLine(br)
	if err != nil {
		return "", err
	}
	if l == "" {
		return "", errors.New("empty reply line")
	}
	switch l[0] {
	case '+', '-', ':', ',', '#', '(', '_':
		return l, nil
	case '$', '=':
		return readBulk(br, l)
	case '*', '~', '>', '%', '|':
		return readAggregate(br, l, sorted)
	}
	return "", fmt.Errorf("unknown reply type in %q", l)
}

func readBulk(br *bufio.Reader, l string) (string, error) {
	n, err := strconv.Atoi(l[1:])
	if err != nil || n < 0 {
		return l, err
	}
	buf := make([]byte, n+2)
	if _, err := io.ReadFull(br, buf); err != nil {
		return "", err
	}
	if string(buf[n:]) != "\r\n" {
		return "", fmt.Errorf("bulk of %d not followed by CRLF", n)
	}
	if l[0] == '=' {
		return "=" + strconv.Quote(string(buf[:n])), nil
	}
	return strconv.Quote(string(buf[:n])), nil
}

func readAggregate(br *bufio.Reader, l string, sorted bool) (string, error) {
	n, err := strconv.Atoi(l[1:])
	if err != nil || n < 0 {
		return l, err
	}
	per := 1
	if l[0] == '%' || l[0] == '|' {
		per = 2
	}
	elems := make([]string, 0, n)
	for i := 0; i < n; i++ {
		parts := make([]string, per)
		for j := range parts {
			if parts[j], err = readReply(br, sorted); err != nil {
				return "", err
			}
		}
		elems = append(elems, strings.Join(parts, ":"))
	}
	if sorted {
		sort.Strings(elems)
	}
	open, close := "[", "]"
	if per == 2 {
		open, close = "{", "}"
	}
	s := fmt.Sprintf("%c%d%s%s%s", l[0], n, open, strings.Join(elems, " "), close)
	if l[0] == '|' {
		// An attribute is metadata ahead of the real reply; keep both.
		rest, err := readReply(br, sorted)
		return s + " " + rest, err
	}
	return s, nil
}
