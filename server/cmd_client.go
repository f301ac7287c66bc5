package server

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/strata-db/strata/engine"
)

func init() {
	engine.Register(&engine.Command{Name: "client", Arity: -2, Group: "connection", Since: "2.4.0",
		Summary: "A container for client connection commands", Run: containerHelp})
	sub := func(name string, arity int, flags engine.Flag, run func(*engine.Ctx), summary string) {
		engine.RegisterSub("client", &engine.Command{Name: name, Arity: arity,
			Flags: flags | engine.FlagNoScript | engine.FlagLoading | engine.FlagStale, Group: "connection", Since: "2.4.0", Summary: summary, Run: run})
	}
	admin := engine.FlagAdmin
	sub("id", 2, 0, clientID, "Returns the client ID for the current connection")
	sub("setname", 3, 0, clientSetname, "Set the current connection name")
	sub("getname", 2, 0, clientGetname, "Get the current connection name")
	sub("list", -2, admin, clientList, "Get the list of client connections")
	sub("info", 2, 0, clientInfo, "Returns information about the current client connection.")
	sub("kill", -3, admin, clientKill, "Kill the connection of a client")
	sub("pause", -3, admin, clientPause, "Stop processing commands from clients for some time")
	sub("unpause", 2, admin, clientUnpause, "Resume processing of clients that were paused")
	sub("reply", 3, 0, clientReply, "Instruct the server whether to reply to commands")
	sub("setinfo", 4, 0, clientSetinfo, "Set client or connection specific info")
	sub("no-evict", 3, admin, clientNoEvict, "Set client eviction mode for the current connection")
	sub("no-touch", 3, 0, clientNoTouch, "Controls whether commands sent by the client will alter the LRU/LFU of the keys they access.")
	sub("unblock", -3, admin, clientUnblock, "Unblock a client blocked in a blocking command from a different connection")
	sub("tracking", -3, 0, clientTracking, "Enable or disable server assisted client side caching support")
	sub("getredir", 2, 0, func(c *engine.Ctx) { c.W.Int(-1) }, "Get tracking notifications redirection client ID if any")
	sub("help", 2, 0, clientHelp, "Show helpful text about the different subcommands")
}

func clientID(c *engine.Ctx) { c.W.Int(c.Client.(*client).id) }

func clientSetname(c *engine.Ctx) {
	n := c.Key(2)
	if !validClientName(n) {
		c.W.Error(errClientName)
		return
	}
	c.Client.(*client).name = n
	c.W.OK()
}

func clientGetname(c *engine.Ctx) {
	if n := c.Client.(*client).name; n != "" {
		c.W.BulkString(n)
		return
	}
	c.W.Null()
}

// info renders a CLIENT LIST line.
func (cl *client) info(now time.Time) string {
	flags := ""
	if cl.flags.pubsub {
		flags += "P"
	}
	if cl.multi != nil {
		flags += "x"
	}
	if cl.block != nil {
		flags += "b"
	}
	if cl.flags.monitor {
		flags += "O"
	}
	if cl.noEvict {
		flags += "e"
	}
	if cl.noTouch {
		flags += "T"
	}
	if flags == "" {
		flags = "N"
	}
	multi := -1
	if cl.multi != nil {
		multi = len(cl.multi.queue)
	}
	laddr := cl.nc.LocalAddr().String()
	return fmt.Sprintf("id=%d addr=%s laddr=%s fd=%d name=%s age=%d idle=%d flags=%s db=%d sub=%d psub=%d ssub=%d multi=%d qbuf=%d qbuf-free=%d argv-mem=0 multi-mem=0 rbs=%d rbp=0 obl=0 oll=0 omem=%d tot-mem=%d events=r cmd=%s user=default redir=-1 resp=%d lib-name=%s lib-ver=%s",
		cl.id, cl.addr, laddr, 8+cl.id, cl.name, int64(now.Sub(cl.created).Seconds()), int64(now.Sub(cl.lastActive).Seconds()),
		flags, cl.db, len(cl.subs), len(cl.psubs), len(cl.ssubs), multi, cl.rd.Buffered()+cl.rd.LastLen(), 0, 16384, cl.w.Len(),
		16384+cl.w.Len(), orNull(cl.lastCmd), cl.w.Proto, cl.libName, cl.libVer)
}

func orNull(s string) string {
	if s == "" {
		return "NULL"
	}
	return s
}

func (s *Server) clientList() []*client {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*client, 0, len(s.clients))
	for _, cl := range s.clients {
		out = append(out, cl)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func clientList(c *engine.Ctx) {
	me := c.Client.(*client)
	s := me.s
	var typ string
	var ids map[int64]bool
	for i := 2; i < len(c.Args); i++ {
		switch {
		case c.Is(i, "TYPE") && i+1 < len(c.Args):
			typ = strings.ToLower(c.Key(i + 1))
			switch typ {
			case "normal", "pubsub", "master", "replica":
			case "slave":
				typ = "replica"
			default:
				c.W.Error("ERR Unknown client type '" + c.Key(i+1) + "'")
				return
			}
			i++
		case c.Is(i, "ID") && i+1 < len(c.Args):
			ids = map[int64]bool{}
			for i++; i < len(c.Args); i++ {
				n, ok := engine.ParseInt(c.Args[i])
				if !ok || n <= 0 {
					c.W.Error("ERR Invalid client ID")
					return
				}
				ids[n] = true
			}
		default:
			c.W.Error(engine.ErrSyntax)
			return
		}
	}
	var b strings.Builder
	now := s.now()
	for _, cl := range s.clientList() {
		if ids != nil && !ids[cl.id] {
			continue
		}
		if typ != "" && cl.typeName() != typ {
			continue
		}
		b.WriteString(cl.info(now))
		b.WriteByte('\n')
	}
	c.W.Verbatim("txt", b.String())
}

func (cl *client) typeName() string {
	if cl.replica != nil {
		return "replica"
	}
	if cl.flags.pubsub {
		return "pubsub"
	}
	return "normal"
}

func clientInfo(c *engine.Ctx) {
	cl := c.Client.(*client)
	c.W.Verbatim("txt", cl.info(cl.s.now())+"\n")
}

func clientKill(c *engine.Ctx) {
	me := c.Client.(*client)
	s := me.s
	if len(c.Args) == 3 {
		addr := c.Key(2)
		for _, cl := range s.clientList() {
			if cl.addr == addr {
				s.killClient(me, cl)
				c.W.OK()
				return
			}
		}
		c.W.Error("ERR No such client")
		return
	}
	var (
		id       int64
		addr     string
		laddr    string
		typ      string
		user     string
		skipme   = true
		maxAge   int64
		hasMaxAg bool
	)
	if (len(c.Args)-2)%2 != 0 {
		c.W.Error(engine.ErrSyntax)
		return
	}
	for i := 2; i+1 < len(c.Args); i += 2 {
		v := c.Key(i + 1)
		switch {
		case c.Is(i, "ID"):
			n, ok := engine.ParseInt(c.Args[i+1])
			if !ok || n <= 0 {
				c.W.Error("ERR client-id should be greater than 0")
				return
			}
			id = n
		case c.Is(i, "ADDR"):
			addr = v
		case c.Is(i, "LADDR"):
			laddr = v
		case c.Is(i, "TYPE"):
			typ = strings.ToLower(v)
			switch typ {
			case "normal", "pubsub", "master", "replica":
			case "slave":
				typ = "replica"
			default:
				c.W.Error("ERR Unknown client type '" + v + "'")
				return
			}
		case c.Is(i, "USER"):
			user = v
			if user != "default" {
				c.W.Error("ERR No such user '" + v + "'")
				return
			}
		case c.Is(i, "SKIPME"):
			switch strings.ToLower(v) {
			case "yes":
				skipme = true
			case "no":
				skipme = false
			default:
				c.W.Error(engine.ErrSyntax)
				return
			}
		case c.Is(i, "MAXAGE"):
			n, ok := engine.ParseInt(c.Args[i+1])
			if !ok {
				c.W.Error(engine.ErrNotInt)
				return
			}
			maxAge, hasMaxAg = n, true
		default:
			c.W.Error(engine.ErrSyntax)
			return
		}
	}
	killed := 0
	now := s.now()
	for _, cl := range s.clientList() {
		switch {
		case id != 0 && cl.id != id,
			addr != "" && cl.addr != addr,
			laddr != "" && cl.nc.LocalAddr().String() != laddr,
			typ != "" && cl.typeName() != typ,
			skipme && cl == me,
			hasMaxAg && int64(now.Sub(cl.created).Seconds()) < maxAge:
			continue
		}
		s.killClient(me, cl)
		killed++
	}
	c.W.Int(int64(killed))
}

// killClient closes cl; killing oneself closes after the reply.
func (s *Server) killClient(me, cl *client) {
	if cl == me {
		me.closeAfter = true
		return
	}
	cl.kill()
}

func clientPause(c *engine.Ctx) {
	ms, ok := engine.ParseInt(c.Args[2])
	if !ok || ms < 0 {
		c.W.Error("ERR timeout is not an integer or out of range")
		return
	}
	writeOnly := false
	if len(c.Args) == 4 {
		switch {
		case c.Is(3, "WRITE"):
			writeOnly = true
		case c.Is(3, "ALL"):
		default:
			c.W.Error("ERR CLIENT PAUSE mode must be WRITE or ALL")
			return
		}
	} else if len(c.Args) > 4 {
		c.W.Error(engine.ErrSyntax)
		return
	}
	s := c.Client.(*client).s
	until := s.now().Add(time.Duration(ms) * time.Millisecond)
	s.pause.set(until, writeOnly)
	c.E.PauseExpiry(until.UnixMilli())
	c.W.OK()
}

func clientUnpause(c *engine.Ctx) {
	c.Client.(*client).s.pause.clear()
	c.E.PauseExpiry(0)
	c.W.OK()
}

func clientReply(c *engine.Ctx) {
	cl := c.Client.(*client)
	switch {
	case c.Is(2, "ON"):
		cl.replyMode = replyOn
		c.W.OK()
	case c.Is(2, "OFF"):
		cl.replyMode = replyOff
	case c.Is(2, "SKIP"):
		cl.replyMode = replySkipNext
	default:
		c.W.Error(engine.ErrSyntax)
	}
}

func clientSetinfo(c *engine.Ctx) {
	cl := c.Client.(*client)
	v := c.Key(3)
	for i := 0; i < len(v); i++ {
		if v[i] < '!' || v[i] > '~' {
			c.W.Error("ERR " + c.Upper(2) + " cannot contain spaces, newlines or special characters.")
			return
		}
	}
	switch {
	case c.Is(2, "LIB-NAME"):
		cl.libName = v
	case c.Is(2, "LIB-VER"):
		cl.libVer = v
	default:
		c.W.Error("ERR Unrecognized option '" + c.Key(2) + "'")
		return
	}
	c.W.OK()
}

func onOff(c *engine.Ctx, i int) (bool, bool) {
	switch {
	case c.Is(i, "ON"):
		return true, true
	case c.Is(i, "OFF"):
		return false, true
	}
	c.W.Error(engine.ErrSyntax)
	return false, false
}

func clientNoEvict(c *engine.Ctx) {
	if v, ok := onOff(c, 2); ok {
		c.Client.(*client).noEvict = v
		c.W.OK()
	}
}

func clientNoTouch(c *engine.Ctx) {
	if v, ok := onOff(c, 2); ok {
		c.Client.(*client).noTouch = v
		c.W.OK()
	}
}

func clientUnblock(c *engine.Ctx) {
	s := c.Client.(*client).s
	id, ok := engine.ParseInt(c.Args[2])
	if !ok {
		c.W.Error(engine.ErrNotInt)
		return
	}
	withErr := false
	if len(c.Args) == 4 {
		switch {
		case c.Is(3, "TIMEOUT"):
		case c.Is(3, "ERROR"):
			withErr = true
		default:
			c.W.Error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
			return
		}
	} else if len(c.Args) > 4 {
		c.W.Error(engine.ErrSyntax)
		return
	}
	s.mu.Lock()
	target := s.clients[id]
	s.mu.Unlock()
	if target == nil || !s.unblock(target, withErr) {
		c.W.Int(0)
		return
	}
	c.W.Int(1)
}

func clientTracking(c *engine.Ctx) {
	if c.Is(2, "OFF") {
		c.W.OK()
		return
	}
	c.W.Error("ERR client-side caching (CLIENT TRACKING) is not supported by this server yet")
}

func clientHelp(c *engine.Ctx) {
	writeHelp(c, "CLIENT",
		"CACHING (YES|NO)", "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
		"GETREDIR", "    Return the client ID we are redirecting to when tracking is enabled.",
		"GETNAME", "    Return the name of the current connection.",
		"ID", "    Return the ID of the current connection.",
		"INFO", "    Return information about the current client connection.",
		"KILL <ip:port>", "    Kill connection made from <ip:port>.",
		"KILL <option> <value> [<option> <value> [...]]", "    Kill connections. Options are: ID, TYPE, USER, ADDR, LADDR, SKIPME, MAXAGE.",
		"LIST [options ...]", "    Return information about client connections. Options: TYPE, ID.",
		"UNPAUSE", "    Stop the current client pause, resuming traffic.",
		"PAUSE <timeout> [WRITE|ALL]", "    Suspend all, or just write, clients for <timeout> milliseconds.",
		"REPLY (ON|OFF|SKIP)", "    Control the replies sent to the current connection.",
		"SETNAME <name>", "    Assign the name <name> to the current connection.",
		"UNBLOCK <clientid> [TIMEOUT|ERROR]", "    Unblock the specified blocked client.",
		"TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]", "    Control server assisted client side caching.",
		"NO-EVICT (ON|OFF)", "    Protect current client connection from eviction.",
		"NO-TOUCH (ON|OFF)", "    Will not touch LRU/LFU stats when this mode is on.")
}
