package engine

import "math"

func init() {
	Register(&Command{Name: "xautoclaim", Arity: -6, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "6.2.0",
		Summary: "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.",
		Run:     xautoclaimCommand})
}

// xautoclaimAttempts bounds the pending entries looked at per claimed one.
const xautoclaimAttempts = 10

type xautoclaimArgs struct {
	minIdle int64
	start   StreamID
	count   int64
	justID  bool
}

func parseXautoclaim(c *Ctx) (a xautoclaimArgs, ok bool) {
	if a.minIdle, ok = intOr(c, 4, ErrXAutoclaimMinIdle); !ok {
		return a, false
	}
	a.minIdle = max(a.minIdle, 0)
	if a.start, ok = parseIntervalID(c, 5, 0, true); !ok {
		return a, false
	}
	a.count = 100
	for j := 6; j < len(c.Args); j++ {
		switch {
		case c.Is(j, "count") && j+1 < len(c.Args):
			n, ok := ParseInt(c.Args[j+1])
			if !ok || n < 1 || n > math.MaxInt64/16 {
				c.W.Error(ErrXAutoclaimCount)
				return a, false
			}
			a.count = n
			j++
		case c.Is(j, "justid"):
			a.justID = true
		default:
			c.W.Error(ErrSyntax)
			return a, false
		}
	}
	return a, true
}

func xautoclaimCommand(c *Ctx) {
	a, ok := parseXautoclaim(c)
	if !ok {
		return
	}
	if _, _, ok := claimTarget(c); !ok {
		return
	}
	key := c.Str(1)
	s := c.DB.MutableObject(key).(*Stream)
	cg := s.groupMut(c.Gen(), s.group(c.Str(2)))
	c.NoPropagate() // logged as one forced XCLAIM per entry
	cl := claimer{c: c, s: s, cg: cg, key: key, now: c.Now()}
	attempts := a.count * xautoclaimAttempts
	rows := pendingRows(cg, a.start, attempts+1)
	var claimed, deleted []StreamID
	i := 0
	for ; attempts > 0 && a.count > 0 && i < len(rows); i++ {
		attempts--
		r := rows[i]
		if _, ok := s.entries.Get(r.id); !ok {
			cl.dropDeleted(r.id, r.nack)
			deleted = append(deleted, r.id)
			a.count--
			continue
		}
		if a.minIdle > 0 && cl.now-r.nack.deliveryTime < a.minIdle {
			continue
		}
		r.nack.deliveryTime = cl.now
		if !a.justID {
			r.nack.deliveryCount++
		}
		cl.moveTo(r.id, r.nack)
		claimed = append(claimed, r.id)
		a.count--
	}
	var next StreamID
	if i < len(rows) {
		next = rows[i].id
	}
	c.W.Array(3)
	writeStreamID(c, next)
	cl.reply(claimed, a.justID)
	c.W.Array(len(deleted))
	for _, id := range deleted {
		writeStreamID(c, id)
	}
}

// pendingRows returns up to n pending entries of the group from start.
func pendingRows(cg *streamGroup, start StreamID, n int64) []pendingRow {
	var rows []pendingRow
	cg.pel.Ascend(start, func(id StreamID, nack streamNACK) bool {
		rows = append(rows, pendingRow{id, nack})
		return int64(len(rows)) < n
	})
	return rows
}
