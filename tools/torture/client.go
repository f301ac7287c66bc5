package torture

import (
	"bufio"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/strata-db/strata/internal/resp"
)

// client is a minimal synchronous RESP client.
type client struct {
	conn net.Conn
	w    *bufio.Writer
	r    *resp.ReplyReader
}

func dial(addr string, timeout time.Duration) (*client, error) {
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	return &client{conn: conn, w: bufio.NewWriter(conn), r: resp.NewReplyReader(conn)}, nil
}

func (c *client) close() { c.conn.Close() }

// send writes one command without waiting for its reply.
func (c *client) send(args ...string) {
	c.w.WriteString("*" + strconv.Itoa(len(args)) + "\r\n")
	for _, a := range args {
		c.w.WriteString("$" + strconv.Itoa(len(a)) + "\r\n" + a + "\r\n")
	}
}

// do sends one command and reads its reply; an error reply is an error.
func (c *client) do(args ...string) (resp.Reply, error) {
	c.send(args...)
	if err := c.w.Flush(); err != nil {
		return resp.Reply{}, err
	}
	rep, err := c.r.Read()
	if err == nil && rep.Type == '-' {
		err = fmt.Errorf("%s: %s", args[0], rep.Str)
	}
	return rep, err
}

// pipeline sends commands together and reads all replies.
func (c *client) pipeline(cmds [][]string) ([]resp.Reply, error) {
	for _, cmd := range cmds {
		c.send(cmd...)
	}
	if err := c.w.Flush(); err != nil {
		return nil, err
	}
	out := make([]resp.Reply, 0, len(cmds))
	for range cmds {
		rep, err := c.r.Read()
		if err != nil {
			return out, err
		}
		out = append(out, rep)
	}
	return out, nil
}
