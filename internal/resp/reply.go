package resp

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// Reply is a decoded server reply, for clients and tests.
type Reply struct {
	Type  byte // '+', '-', ':', '$', '*', '%', '~', '>', '_', ',', '#', '=', '('
	Str   string
	Int   int64
	Null  bool
	Elems []Reply // arrays, sets, pushes; maps as key, value, key, value...
}

func (r Reply) String() string {
	switch r.Type {
	case '+', '$', '=', ',', '(':
		if r.Null {
			return "(nil)"
		}
		return r.Str
	case '-':
		return "ERR:" + r.Str
	case ':':
		return strconv.FormatInt(r.Int, 10)
	case '_':
		return "(nil)"
	case '#':
		return strconv.FormatBool(r.Int == 1)
	}
	if r.Null {
		return "(nil)"
	}
	return fmt.Sprint(r.Elems)
}

// ReplyReader decodes replies from a stream.
type ReplyReader struct{ br *bufio.Reader }

// NewReplyReader wraps rd.
func NewReplyReader(rd io.Reader) *ReplyReader { return &ReplyReader{bufio.NewReader(rd)} }

func (rr *ReplyReader) line() (string, error) {
	s, err := rr.br.ReadString('\n')
	if err != nil {
		return "", err
	}
	if len(s) < 2 || s[len(s)-2] != '\r' {
		return "", fmt.Errorf("resp: malformed reply line %q", s)
	}
	return s[:len(s)-2], nil
}

// Read decodes one reply.
func (rr *ReplyReader) Read() (Reply, error) {
	l, err := rr.line()
	if err != nil {
		return Reply{}, err
	}
	if l == "" {
		return Reply{}, fmt.Errorf("resp: empty reply line")
	}
	r := Reply{Type: l[0]}
	body := l[1:]
	switch r.Type {
	case '+', '-', ',', '(':
		r.Str = body
	case ':':
		r.Int, err = strconv.ParseInt(body, 10, 64)
	case '#':
		if body == "t" {
			r.Int = 1
		}
	case '_':
		r.Null = true
	case '$', '=':
		n, perr := strconv.Atoi(body)
		if perr != nil {
			return r, perr
		}
		if n < 0 {
			r.Null = true
			return r, nil
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(rr.br, buf); err != nil {
			return r, err
		}
		r.Str = string(buf[:n])
	case '*', '~', '>', '%', '|':
		n, perr := strconv.Atoi(body)
		if perr != nil {
			return r, perr
		}
		if n < 0 {
			r.Null = true
			return r, nil
		}
		if r.Type == '%' || r.Type == '|' {
			n *= 2
		}
		for i := 0; i < n; i++ {
			e, err := rr.Read()
			if err != nil {
				return r, err
			}
			r.Elems = append(r.Elems, e)
		}
		if r.Type == '|' {
			// An attribute precedes the real reply.
			return rr.Read()
		}
	default:
		return r, fmt.Errorf("resp: unknown reply type %q", r.Type)
	}
	return r, err
}
