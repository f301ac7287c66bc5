package memory

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/strata-db/strata/tools/rclient"
)

// lengthCmd is the command that gives a key's size in elements (bytes for
// a string), by TYPE.
var lengthCmd = map[string]string{"string": "STRLEN", "list": "LLEN", "set": "SCARD", "zset": "ZCARD",
	"hash": "HLEN", "stream": "XLEN"}

var keyspaceLine = regexp.MustCompile(`(?m)^db(\d+):keys=(\d+)`)

// FromServer reports on the server at addr (host:port): every database
// INFO keyspace lists is walked with SCAN; each batch of keys costs two
// pipelined round trips (TYPE, then MEMORY USAGE and the length).
func FromServer(addr string, opts Options, progress func(done, total int64)) (*Report, error) {
	c, err := rclient.Dial(addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	info, err := c.Do("INFO", "keyspace")
	if err != nil {
		return nil, err
	}
	r := newReport(addr, "memory-usage", opts)
	var total int64
	dbs := keyspaceLine.FindAllStringSubmatch(info.Str, -1)
	for _, m := range dbs {
		n, _ := strconv.ParseInt(m[2], 10, 64)
		total += n
	}
	for _, m := range dbs {
		db, _ := strconv.Atoi(m[1])
		if err := scanDB(c, r, db, total, progress); err != nil {
			return nil, fmt.Errorf("db %d: %w", db, err)
		}
	}
	r.finish()
	return r, nil
}

func scanDB(c *rclient.Client, r *Report, db int, total int64, progress func(done, total int64)) error {
	if _, err := c.Do("SELECT", strconv.Itoa(db)); err != nil {
		return err
	}
	cursor := "0"
	for {
		rep, err := c.Do("SCAN", cursor, "COUNT", "500")
		if err != nil {
			return err
		}
		if len(rep.Elems) != 2 {
			return fmt.Errorf("unexpected SCAN reply %v", rep)
		}
		cursor = rep.Elems[0].Str
		keys := make([]string, len(rep.Elems[1].Elems))
		for i, k := range rep.Elems[1].Elems {
			keys[i] = k.Str
		}
		if err := measure(c, r, db, keys); err != nil {
			return err
		}
		if progress != nil {
			progress(r.Keys, total)
		}
		if cursor == "0" {
			return nil
		}
	}
}

func measure(c *rclient.Client, r *Report, db int, keys []string) error {
	cmds := make([][]string, len(keys))
	for i, k := range keys {
		cmds[i] = []string{"TYPE", k}
	}
	types, err := c.Pipeline(cmds)
	if err != nil {
		return err
	}
	cmds = cmds[:0]
	for i, k := range keys {
		cmds = append(cmds, []string{"MEMORY", "USAGE", k, "SAMPLES", "5"},
			[]string{lengthOr(types[i].Str), k})
	}
	reps, err := c.Pipeline(cmds)
	if err != nil {
		return err
	}
	for i, k := range keys {
		t := types[i].Str
		if t == "none" { // deleted between SCAN and TYPE
			continue
		}
		r.add(KeyStat{DB: db, Key: k, Type: t, Bytes: reps[2*i].Int, Elements: reps[2*i+1].Int})
	}
	return nil
}

func lengthOr(t string) string {
	if c, ok := lengthCmd[t]; ok {
		return c
	}
	return "EXISTS"
}
