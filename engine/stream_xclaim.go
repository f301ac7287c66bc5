package engine

func init() {
	Register(&Command{Name: "xclaim", Arity: -6, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "5.0.0",
		Summary: "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.",
		Run:     xclaimCommand})
}

type xclaimArgs struct {
	minIdle      int64
	ids          []StreamID
	idArgs       []int
	deliveryTime int64 // -1: not given
	retryCount   int64 // -1: not given
	force        bool
	justID       bool
	lastID       StreamID
}

// intOr parses argument i as an integer, replying with msg if it is not.
func intOr(c *Ctx, i int, msg string) (int64, bool) {
	n, ok := ParseInt(c.Args[i])
	if !ok {
		c.W.Error(msg)
	}
	return n, ok
}

func parseXclaim(c *Ctx) (a xclaimArgs, ok bool) {
	if a.minIdle, ok = intOr(c, 4, ErrXClaimMinIdle); !ok {
		return a, false
	}
	a.minIdle = max(a.minIdle, 0)
	j := 5
	for ; j < len(c.Args); j++ {
		id, ok := parseStreamID(c.Str(j), 0, true, nil)
		if !ok {
			break
		}
		a.ids, a.idArgs = append(a.ids, id), append(a.idArgs, j)
	}
	a.deliveryTime, a.retryCount = -1, -1
	now := c.Now()
	for ; j < len(c.Args); j++ {
		more := j+1 < len(c.Args)
		switch {
		case c.Is(j, "force"):
			a.force = true
		case c.Is(j, "justid"):
			a.justID = true
		case c.Is(j, "idle") && more:
			j++
			if a.deliveryTime, ok = intOr(c, j, ErrXClaimIdle); !ok {
				return a, false
			}
			a.deliveryTime = now - a.deliveryTime
		case c.Is(j, "time") && more:
			j++
			if a.deliveryTime, ok = intOr(c, j, ErrXClaimTime); !ok {
				return a, false
			}
		case c.Is(j, "retrycount") && more:
			j++
			if a.retryCount, ok = intOr(c, j, ErrXClaimRetry); !ok {
				return a, false
			}
		case c.Is(j, "lastid") && more:
			j++
			if a.lastID, ok = parseStreamIDArg(c, j, 0, true, nil); !ok {
				return a, false
			}
		default:
			c.W.Error(ErrXClaimOption(c.Str(j)))
			return a, false
		}
	}
	if a.deliveryTime < 0 || a.deliveryTime > now {
		a.deliveryTime = now
	}
	return a, true
}

// claimTarget finds the stream and group of XCLAIM and XAUTOCLAIM,
// replying NOGROUP when either is missing.
func claimTarget(c *Ctx) (s *Stream, gi int, ok bool) {
	s, ok = streamValue(c, c.Str(1))
	if !ok {
		return nil, -1, false
	}
	if s != nil {
		if gi = s.group(c.Str(2)); gi >= 0 {
			return s, gi, true
		}
	}
	c.W.Error(ErrXNoKeyGroup(c.Str(1), c.Str(2)))
	return nil, -1, false
}

func xclaimCommand(c *Ctx) {
	if _, _, ok := claimTarget(c); !ok {
		return
	}
	a, ok := parseXclaim(c)
	if !ok {
		return
	}
	key := c.Str(1)
	s := c.DB.MutableObject(key).(*Stream)
	cg := s.groupMut(c.Gen(), s.group(c.Str(2)))
	c.NoPropagate() // logged as one forced XCLAIM per entry
	propagateLast := false
	if cg.lastID.Less(a.lastID) {
		cg.lastID, propagateLast = a.lastID, true
	}
	cl := claimer{c: c, s: s, cg: cg, key: key, now: c.Now()}
	var claimed []StreamID
	for _, id := range a.ids {
		if cl.claim(id, &a) {
			claimed = append(claimed, id)
		}
		propagateLast = propagateLast && cl.logged == 0
	}
	if propagateLast {
		propagateGroupID(c, key, cg)
		c.Changed(1)
	}
	cl.reply(claimed, a.justID)
}

// claimer moves pending entries to one consumer for XCLAIM/XAUTOCLAIM.
type claimer struct {
	c      *Ctx
	s      *Stream
	cg     *streamGroup
	cons   *streamConsumer
	key    string
	now    int64
	logged int
}

// claim applies XCLAIM to one ID and reports whether it was claimed.
func (cl *claimer) claim(id StreamID, a *xclaimArgs) bool {
	nack, pending := cl.cg.pel.Get(id)
	if _, ok := cl.s.entries.Get(id); !ok {
		if pending {
			cl.dropDeleted(id, nack)
		}
		return false
	}
	if !pending && !a.force {
		return false
	}
	if pending && a.minIdle > 0 && cl.now-nack.deliveryTime < a.minIdle {
		return false
	}
	if !pending {
		nack = streamNACK{}
	}
	nack.deliveryTime = a.deliveryTime
	switch {
	case a.retryCount >= 0:
		nack.deliveryCount = uint64(a.retryCount)
	case !a.justID:
		nack.deliveryCount++
	}
	cl.moveTo(id, nack)
	return true
}

// moveTo gives pending entry id, updated as nack, to the claiming
// consumer (made on first use) and logs it.
func (cl *claimer) moveTo(id StreamID, nack streamNACK) {
	g := cl.c.Gen()
	if cl.cons == nil {
		cons, created := cl.cg.lookupOrCreateConsumer(g, cl.c.Key(3), cl.now)
		cons.seenTime = cl.now
		if created {
			cl.c.Notify(NotifyStream, "xgroup-createconsumer", cl.key)
			cl.c.Changed(1)
		}
		cl.cons = cons
	}
	if nack.consumer != cl.cons.name && nack.consumer != "" {
		if i := cl.cg.consumer(nack.consumer); i >= 0 {
			cl.cg.consumerMut(g, i).pel.Delete(g, id)
		}
	}
	nack.consumer = cl.cons.name
	cl.cg.pel.Set(g, id, nack)
	cl.cons.pel.Set(g, id, struct{}{})
	cl.log(id, nack)
}

// dropDeleted forgets a pending entry whose stream entry was deleted.
func (cl *claimer) dropDeleted(id StreamID, nack streamNACK) {
	cl.log(id, nack)
	cl.cg.ack(cl.c.Gen(), id)
}

func (cl *claimer) log(id StreamID, nack streamNACK) {
	propagateXclaim(cl.c, cl.key, cl.cg, id, nack)
	cl.c.Changed(1)
	cl.logged++
}

// reply writes the claimed entries, or their IDs with JUSTID.
func (cl *claimer) reply(ids []StreamID, justID bool) {
	cl.c.W.Array(len(ids))
	for _, id := range ids {
		if justID {
			writeStreamID(cl.c, id)
			continue
		}
		e, _ := cl.s.entries.Get(id)
		writeStreamEntry(cl.c, e)
	}
}
