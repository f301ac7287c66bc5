// Package rclient is a minimal synchronous RESP client for the tools (the
// torture harness, the live memory report): no pooling, no reconnects.
package rclient

import (
	"bufio"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/strata-db/strata/internal/resp"
)

// Client is one connection.
type Client struct {
	conn net.Conn
	w    *bufio.Writer
	r    *resp.ReplyReader
}

// Dial connects to addr.
func Dial(addr string, timeout time.Duration) (*Client, error) {
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, w: bufio.NewWriter(conn), r: resp.NewReplyReader(conn)}, nil
}

// Close closes the connection.
func (c *Client) Close() { c.conn.Close() }

// Send writes one command without waiting for its reply.
func (c *Client) Send(args ...string) {
	c.w.WriteString("*" + strconv.Itoa(len(args)) + "\r\n")
	for _, a := range args {
		c.w.WriteString("$" + strconv.Itoa(len(a)) + "\r\n" + a + "\r\n")
	}
}

// Do sends one command and reads its reply; an error reply is an error.
func (c *Client) Do(args ...string) (resp.Reply, error) {
	c.Send(args...)
	if err := c.w.Flush(); err != nil {
		return resp.Reply{}, err
	}
	rep, err := c.r.Read()
	if err == nil && rep.Type == '-' {
		err = fmt.Errorf("%s: %s", args[0], rep.Str)
	}
	return rep, err
}

// Pipeline sends commands together and reads all replies.
func (c *Client) Pipeline(cmds [][]string) ([]resp.Reply, error) {
	for _, cmd := range cmds {
		c.Send(cmd...)
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
