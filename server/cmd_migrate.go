package server

import (
	"bufio"
	"bytes"
	"net"
	"strconv"
	"time"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/resp"
)

// MIGRATE moves keys to another server (Redis or Strata) with RESTORE, as
// Redis does: synchronously, holding the writer order for the whole
// transfer (bounded by the timeout), so the keys cannot change between
// being sent and being deleted. Keys the target acknowledged are deleted
// here and the deletion is logged as DEL. Unlike Redis, no connection is
// cached between calls: each MIGRATE connects and selects the database.

func init() {
	engine.Register(&engine.Command{Name: "migrate", Arity: -6, Flags: engine.FlagWrite | engine.FlagMovableKeys,
		Keys: migrateKeys, Group: "generic", Since: "2.6.0",
		Summary: "Atomically transfer a key from a Redis instance to another one.", Run: migrateCommand})
}

// migrateKeys: the key argument, or every argument after KEYS.
func migrateKeys(args [][]byte) []int {
	if len(args) > 3 && len(args[3]) == 0 {
		for i := 6; i < len(args); i++ {
			if bytes.EqualFold(args[i], []byte("keys")) {
				keys := make([]int, 0, len(args)-i-1)
				for k := i + 1; k < len(args); k++ {
					keys = append(keys, k)
				}
				return keys
			}
		}
	}
	return []int{3}
}

type migrateOptions struct {
	copy, replace      bool
	username, password string
	auth               bool
	keys               []string
	db, timeout        int64
}

func parseMigrate(c *engine.Ctx) (*migrateOptions, string) {
	o := &migrateOptions{keys: []string{c.Key(3)}}
	for i := 6; i < len(c.Args); i++ {
		more := len(c.Args) - 1 - i
		switch {
		case c.Is(i, "COPY"):
			o.copy = true
		case c.Is(i, "REPLACE"):
			o.replace = true
		case c.Is(i, "AUTH") && more >= 1:
			o.auth, o.password = true, c.Key(i+1)
			i++
		case c.Is(i, "AUTH2") && more >= 2:
			o.auth, o.username, o.password = true, c.Key(i+1), c.Key(i+2)
			i += 2
		case c.Is(i, "KEYS"):
			if len(c.Args[3]) != 0 {
				return nil, "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string"
			}
			o.keys = o.keys[:0]
			for k := i + 1; k < len(c.Args); k++ {
				o.keys = append(o.keys, c.Key(k))
			}
			i = len(c.Args)
		default:
			return nil, engine.ErrSyntax
		}
	}
	var ok bool
	if o.timeout, ok = engine.ParseInt(c.Args[5]); !ok {
		return nil, engine.ErrNotInt
	}
	if o.db, ok = engine.ParseInt(c.Args[4]); !ok {
		return nil, engine.ErrNotInt
	}
	if o.timeout <= 0 {
		o.timeout = 1000
	}
	return o, ""
}

func migrateCommand(c *engine.Ctx) {
	o, errText := parseMigrate(c)
	if errText != "" {
		c.W.Error(errText)
		return
	}
	// Missing keys are not an error: they may just have expired.
	var keys []string
	var payloads [][]byte
	var ttls []int64
	now := c.E.Now()
	for _, k := range o.keys {
		v := c.DB.Lookup(k)
		if v == nil {
			continue
		}
		ttl := int64(0)
		if at := v.ExpireAt(); at != 0 {
			ttl = max(at-now, 1)
		}
		p, err := dumpCodec{}.Dump(v, c.E.Config())
		if err != nil {
			c.W.Error("ERR " + err.Error())
			return
		}
		keys, payloads, ttls = append(keys, k), append(payloads, p), append(ttls, ttl)
	}
	if len(keys) == 0 {
		c.W.Simple("NOKEY")
		return
	}

	timeout := time.Duration(o.timeout) * time.Millisecond
	conn, err := net.DialTimeout("tcp", net.JoinHostPort(c.Str(1), c.Str(2)), timeout)
	if err != nil {
		c.W.Error("IOERR error or timeout connecting to the client")
		return
	}
	defer conn.Close()

	req := migrateRequest(o, keys, ttls, payloads)
	_ = conn.SetDeadline(time.Now().Add(timeout))
	if _, err := conn.Write(req); err != nil {
		c.W.Error("IOERR error or timeout writing to target instance")
		return
	}

	rd := bufio.NewReader(conn)
	readLine := func() ([]byte, bool) {
		_ = conn.SetReadDeadline(time.Now().Add(timeout))
		line, err := rd.ReadBytes('\n')
		return bytes.TrimRight(line, "\r\n"), err == nil
	}
	var targetErr []byte
	sessionFailed := false
	replies := len(keys) + 1
	if o.auth {
		replies++
	}
	// MIGRATE is logged as the DEL of the keys it moved, whatever happens
	// after them.
	var deleted []string
	defer func() {
		c.NoPropagate()
		if len(deleted) > 0 {
			c.PropagateStrings(append([]string{"DEL"}, deleted...)...)
		}
	}()
	for r := 0; r < replies; r++ {
		line, ok := readLine()
		if !ok {
			c.W.Error("IOERR error or timeout reading to target instance")
			return
		}
		k := r - (replies - len(keys)) // the key this reply is about; < 0: AUTH, SELECT
		if len(line) > 0 && line[0] == '-' {
			if targetErr == nil {
				targetErr = line[1:]
			}
			if k < 0 {
				sessionFailed = true
			}
			continue
		}
		// A key is gone from here only once the target said it has it.
		if k >= 0 && !sessionFailed && !o.copy {
			c.DB.Delete(keys[k])
			c.Notify(engine.NotifyGeneric, "del", keys[k])
			c.Changed(1)
			deleted = append(deleted, keys[k])
		}
	}
	if targetErr != nil {
		c.W.Error("ERR Target instance replied with error: " + string(targetErr))
		return
	}
	c.W.OK()
}

// migrateRequest is what MIGRATE sends: AUTH when asked, SELECT, then one
// RESTORE per key with its remaining TTL and DUMP payload.
func migrateRequest(o *migrateOptions, keys []string, ttls []int64, payloads [][]byte) []byte {
	w := resp.NewWriter()
	if o.auth {
		if o.username != "" {
			w.Array(3)
			w.BulkString("AUTH")
			w.BulkString(o.username)
		} else {
			w.Array(2)
			w.BulkString("AUTH")
		}
		w.BulkString(o.password)
	}
	w.Array(2)
	w.BulkString("SELECT")
	w.BulkString(strconv.FormatInt(o.db, 10))
	for i, k := range keys {
		n := 4
		if o.replace {
			n = 5
		}
		w.Array(n)
		w.BulkString("RESTORE")
		w.BulkString(k)
		w.BulkString(strconv.FormatInt(ttls[i], 10))
		w.Bulk(payloads[i])
		if o.replace {
			w.BulkString("REPLACE")
		}
	}
	return w.Bytes()
}
