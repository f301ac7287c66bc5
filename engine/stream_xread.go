package engine

import (
	"math"
	"strings"
)

func init() {
	keys := func(args [][]byte) []int { return xreadKeyPositions(args) }
	Register(
		&Command{Name: "xread", Arity: -4, Flags: FlagReadOnly | FlagBlocking | FlagMovableKeys,
			Keys: keys, Group: "stream", Since: "5.0.0",
			Summary: "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.",
			Run:     func(c *Ctx) { xreadCommand(c, false) }},
		&Command{Name: "xreadgroup", Arity: -7, Flags: FlagWrite | FlagBlocking | FlagMovableKeys,
			Keys: keys, Group: "stream", Since: "5.0.0",
			Summary: "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.",
			Run:     func(c *Ctx) { xreadCommand(c, true) }},
	)
}

// xreadKeyPositions finds the keys: the first half of what follows
// STREAMS.
func xreadKeyPositions(args [][]byte) []int {
	for i := 1; i < len(args); i++ {
		switch s := unsafeString(args[i]); {
		case strings.EqualFold(s, "streams"):
			n := (len(args) - i - 1) / 2
			out := make([]int, n)
			for j := range out {
				out[j] = i + 1 + j
			}
			return out
		case strings.EqualFold(s, "block") || strings.EqualFold(s, "count"):
			i++
		case strings.EqualFold(s, "group"):
			i += 2
		}
	}
	return nil
}

// xreadReq is a parsed XREAD/XREADGROUP. It outlives the request (a
// blocked client re-runs it), so it holds copies.
type xreadReq struct {
	group, consumer string
	isGroup         bool
	groupGiven      bool
	noack           bool
	count           int64 // 0: no limit
	block           bool
	deadline        int64
	keys            []string
	ids             []StreamID // last ID seen; for XREADGROUP ">" maxStreamID
	resumed         bool
}

// xreadCommand is XREAD and XREADGROUP.
func xreadCommand(c *Ctx, group bool) {
	r, streamsArg, ok := parseXread(c, group)
	if !ok {
		return
	}
	if !resolveXreadIDs(c, r, streamsArg) {
		return
	}
	xreadRun(c, r)
}

func parseXread(c *Ctx, group bool) (r *xreadReq, streamsArg int, ok bool) {
	r = &xreadReq{isGroup: group}
	for i := 1; i < len(c.Args); i++ {
		more := len(c.Args) - i - 1
		switch {
		case c.Is(i, "block") && more > 0:
			i++
			if r.deadline, ok = msTimeout(c, i); !ok {
				return nil, 0, false
			}
			r.block = true
		case c.Is(i, "count") && more > 0:
			i++
			if r.count, ok = c.Int(i); !ok {
				return nil, 0, false
			}
			r.count = max(r.count, 0)
		case c.Is(i, "streams") && more > 0:
			if more%2 != 0 {
				c.W.Error(ErrXReadUnbalanced)
				return nil, 0, false
			}
			return r, i + 1, xreadCheckGroup(c, r)
		case c.Is(i, "group") && more >= 2:
			if !group {
				c.W.Error(ErrXReadGroupOpt)
				return nil, 0, false
			}
			r.group, r.consumer, r.groupGiven = c.Key(i+1), c.Key(i+2), true
			i += 2
		case c.Is(i, "noack"):
			if !group {
				c.W.Error(ErrXReadNoAckOpt)
				return nil, 0, false
			}
			r.noack = true
		default:
			c.W.Error(ErrSyntax)
			return nil, 0, false
		}
	}
	c.W.Error(ErrSyntax)
	return nil, 0, false
}

func xreadCheckGroup(c *Ctx, r *xreadReq) bool {
	if r.isGroup && !r.groupGiven {
		c.W.Error(ErrXReadNoGroup)
		return false
	}
	return true
}

// msTimeout parses a BLOCK timeout in milliseconds into a deadline (0:
// wait for ever).
func msTimeout(c *Ctx, i int) (int64, bool) {
	n, ok := ParseInt(c.Args[i])
	if !ok {
		c.W.Error(ErrTimeoutNotInt)
		return 0, false
	}
	if n < 0 {
		c.W.Error(ErrTimeoutNeg)
		return 0, false
	}
	if n == 0 {
		return 0, true
	}
	if n > math.MaxInt64-c.Now() {
		c.W.Error(ErrTimeoutRange)
		return 0, false
	}
	return c.Now() + n, true
}

// resolveXreadIDs checks every key and group and turns each ID argument
// into the last ID already seen: "$" is the stream's last ID now.
func resolveXreadIDs(c *Ctx, r *xreadReq, streamsArg int) bool {
	n := (len(c.Args) - streamsArg) / 2
	r.keys, r.ids = make([]string, n), make([]StreamID, n)
	for j := 0; j < n; j++ {
		r.keys[j] = c.Key(streamsArg + j)
		s, ok := streamValue(c, r.keys[j])
		if !ok {
			return false
		}
		if r.isGroup && (s == nil || s.group(r.group) < 0) {
			c.W.Error(ErrXReadNoKeyGroup(r.keys[j], r.group))
			return false
		}
		if r.ids[j], ok = xreadID(c, r, s, streamsArg+n+j); !ok {
			return false
		}
	}
	return true
}

func xreadID(c *Ctx, r *xreadReq, s *Stream, i int) (StreamID, bool) {
	switch c.Str(i) {
	case "$":
		if r.isGroup {
			c.W.Error(ErrXReadGroupDollar)
			return StreamID{}, false
		}
		if s == nil {
			return StreamID{}, true
		}
		return s.lastID, true
	case ">":
		if !r.isGroup {
			c.W.Error(ErrXReadGT)
			return StreamID{}, false
		}
		return maxStreamID, true
	}
	return parseStreamIDArg(c, i, 0, true, nil)
}

// xreadRun serves what it can, else blocks or answers null.
func xreadRun(c *Ctx, r *xreadReq) {
	if r.isGroup {
		c.NoPropagate() // logged as XCLAIM / XGROUP effects, if at all
	}
	if xreadServe(c, r) {
		return
	}
	if !r.block || !c.CanBlock() {
		c.W.NullArray()
		return
	}
	if r.count == 0 {
		r.count = 1000 // what Redis serves a woken client at most
	}
	if r.isGroup {
		for _, k := range r.keys {
			c.DB.noteStreamWait(k)
		}
	}
	c.BlockWith(r.deadline, nil, r.keys...)
	c.block.Rerun = func(c *Ctx) { r.resumed = true; xreadRun(c, r) }
}

// xreadServe replies with the entries of every stream that has some for
// the caller, and reports whether any had. An error (a woken XREADGROUP
// client whose stream or group went away) is the whole reply.
func xreadServe(c *Ctx, r *xreadReq) bool {
	var ready []int
	for j, key := range r.keys {
		s, gi, errMsg := xreadTarget(c, r, key)
		if errMsg != "" {
			c.W.Error(errMsg)
			return true
		}
		if s != nil && xreadHasData(s, r, gi, r.ids[j]) {
			ready = append(ready, j)
		}
	}
	if len(ready) == 0 {
		return false
	}
	if c.W.Proto == 3 {
		c.W.Map(len(ready))
	} else {
		c.W.Array(len(ready))
	}
	for _, j := range ready {
		xreadServeOne(c, r, j, r.keys[j])
	}
	return true
}

// xreadServeOne writes key's part of the reply. REQUIRES: key has
// entries for the caller (xreadHasData).
func xreadServeOne(c *Ctx, r *xreadReq, j int, key string) {
	if c.W.Proto == 2 {
		c.W.Array(2)
	}
	c.W.BulkString(key)
	s, gi, _ := xreadTarget(c, r, key)
	if !r.isGroup {
		start, _ := streamIncrID(r.ids[j])
		writeStreamEntries(c, s.rangeEntries(start, maxStreamID, int(r.count), false))
		return
	}
	groupRead(c, r, key, gi, r.ids[j])
}

// xreadTarget finds key's stream and group; for a woken XREADGROUP client
// whose stream or group has gone it returns Redis's error.
func xreadTarget(c *Ctx, r *xreadReq, key string) (s *Stream, gi int, errMsg string) {
	v := c.DB.Lookup(key)
	if v == nil || v.Type() != TypeStream {
		if r.isGroup && r.resumed {
			return nil, -1, ErrXStreamGone
		}
		return nil, -1, ""
	}
	s = v.Obj().(*Stream)
	if !r.isGroup {
		return s, -1, ""
	}
	if gi = s.group(r.group); gi < 0 {
		return nil, -1, ErrXGroupGone
	}
	return s, gi, ""
}

// xreadHasData decides whether a stream is served now: history reads
// always are; new-entry reads when an entry lies past the last one seen.
func xreadHasData(s *Stream, r *xreadReq, gi int, gt StreamID) bool {
	if r.isGroup && gt != maxStreamID {
		return true
	}
	last, ok := s.entries.Last()
	if !ok {
		return false
	}
	if r.isGroup {
		return s.groups[gi].lastID.Less(last.ID)
	}
	return gt.Less(last.ID)
}

// noteStreamWait records that an XREADGROUP client blocked on key.
func (db *DB) noteStreamWait(key string) {
	if db.streamWaits == nil {
		db.streamWaits = map[string]struct{}{}
	}
	db.streamWaits[key] = struct{}{}
}

// streamGone wakes XREADGROUP clients blocked on key when the stream
// there is about to be replaced or flushed, as Redis does on overwrite.
func (db *DB) streamGone(key string) {
	if _, ok := db.streamWaits[key]; !ok {
		return
	}
	delete(db.streamWaits, key)
	if v := db.keys.Get(key); v != nil && v.Type() == TypeStream && db.e.opts.KeyReady != nil {
		db.e.opts.KeyReady(db.id, key)
	}
}
