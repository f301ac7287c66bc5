package engine

import "strconv"

// groupRead serves XREADGROUP for one stream: new entries past the
// group's last ID when gt is ">" (maxStreamID), else the consumer's
// pending history after gt. REQUIRES: the stream and group exist.
func groupRead(c *Ctx, r *xreadReq, key string, gi int, gt StreamID) {
	s := c.DB.MutableObject(key).(*Stream)
	cg := s.groupMut(c.Gen(), gi)
	cons, created := cg.lookupOrCreateConsumer(c.Gen(), r.consumer, c.Now())
	cons.seenTime = c.Now()
	if created {
		c.Notify(NotifyStream, "xgroup-createconsumer", key)
		if r.noack {
			c.PropagateStrings("XGROUP", "CREATECONSUMER", key, r.group, r.consumer)
		}
	}
	c.Changed(1)
	if gt != maxStreamID {
		start, _ := streamIncrID(gt)
		readPendingHistory(c, s, cg, cons, start, int(r.count))
		return
	}
	start, _ := streamIncrID(cg.lastID)
	entries := s.rangeEntries(start, maxStreamID, int(r.count), false)
	c.W.Array(len(entries))
	for _, e := range entries {
		s.advanceGroup(cg, e.ID)
		writeStreamEntry(c, e)
		if !r.noack {
			nack := cg.deliver(c.Gen(), cons, e.ID, c.Now())
			propagateXclaim(c, key, cg, e.ID, nack)
		}
	}
	if len(entries) > 0 {
		// Redis logs this only for NOACK; logging it always carries the
		// group's entries-read counter too, so replay reaches the same lag.
		propagateGroupID(c, key, cg)
	}
}

// advanceGroup moves the group's last delivered ID to id and keeps its
// entries-read counter, exact when it can be, estimated otherwise.
func (s *Stream) advanceGroup(cg *streamGroup, id StreamID) {
	if cg.entriesRead != entriesReadInvalid && !s.rangeHasTombstones(id, maxStreamID) {
		cg.entriesRead++
	} else if s.entriesAdded > 0 {
		cg.entriesRead = s.estimateDistance(id)
	}
	cg.lastID = id
}

// deliver records id as delivered to cons now: a new pending entry, or
// an existing one moved to cons with its count reset.
func (cg *streamGroup) deliver(g uint64, cons *streamConsumer, id StreamID, now int64) streamNACK {
	if old, ok := cg.pel.Get(id); ok {
		if i := cg.consumer(old.consumer); i >= 0 {
			cg.consumerMut(g, i).pel.Delete(g, id)
		}
	}
	nack := streamNACK{deliveryTime: now, deliveryCount: 1, consumer: cons.name}
	cg.pel.Set(g, id, nack)
	cons.pel.Set(g, id, struct{}{})
	return nack
}

// readPendingHistory replies with the consumer's pending entries from
// start: the entry, or [id, nil] when it was deleted meanwhile. Each one
// served counts as delivered again (not logged, as in Redis).
func readPendingHistory(c *Ctx, s *Stream, cg *streamGroup, cons *streamConsumer, start StreamID, count int) {
	var ids []StreamID
	cons.pel.Ascend(start, func(id StreamID, _ struct{}) bool {
		ids = append(ids, id)
		return count == 0 || len(ids) < count
	})
	c.W.Array(len(ids))
	for _, id := range ids {
		e, ok := s.entries.Get(id)
		if !ok {
			c.W.Array(2)
			writeStreamID(c, id)
			c.W.NullArray()
			continue
		}
		writeStreamEntry(c, e)
		nack, _ := cg.pel.Get(id)
		nack.deliveryTime = c.Now()
		nack.deliveryCount++
		cg.pel.Set(c.Gen(), id, nack)
	}
}

// propagateXclaim logs a delivery as Redis does: an XCLAIM that forces
// the pending entry, its owner, time and count, and the group's last ID.
func propagateXclaim(c *Ctx, key string, cg *streamGroup, id StreamID, nack streamNACK) {
	var buf [128]byte
	b := appendStreamID(buf[:0], id)
	idArg := b
	b = strconv.AppendInt(b, nack.deliveryTime, 10)
	timeArg := b[len(idArg):]
	b = strconv.AppendUint(b, nack.deliveryCount, 10)
	countArg := b[len(idArg)+len(timeArg):]
	lastArg := appendStreamID(b, cg.lastID)[len(b):]
	c.Propagate(xclaimWord, []byte(key), []byte(cg.name), []byte(nack.consumer), zeroArg, idArg,
		timeWord, timeArg, retryWord, countArg, forceWord, justidWord, lastidWord, lastArg)
}

var (
	xclaimWord = []byte("XCLAIM")
	zeroArg    = []byte("0")
	timeWord   = []byte("TIME")
	retryWord  = []byte("RETRYCOUNT")
	forceWord  = []byte("FORCE")
	justidWord = []byte("JUSTID")
	lastidWord = []byte("LASTID")
)

// appendStreamID appends id as ms-seq.
func appendStreamID(b []byte, id StreamID) []byte {
	b = strconv.AppendUint(b, id.Ms, 10)
	b = append(b, '-')
	return strconv.AppendUint(b, id.Seq, 10)
}

// propagateGroupID logs the group's last ID and entries-read counter.
func propagateGroupID(c *Ctx, key string, cg *streamGroup) {
	c.PropagateStrings("XGROUP", "SETID", key, cg.name, formatStreamID(cg.lastID),
		"ENTRIESREAD", strconv.FormatInt(cg.entriesRead, 10))
}

// rangeHasTombstones reports whether entries between start and end may
// have been deleted (Redis 7.0's streamRangeHasTombstones).
func (s *Stream) rangeHasTombstones(start, end StreamID) bool {
	if s.Len() == 0 || s.maxDeletedID == (StreamID{}) {
		return false
	}
	if s.maxDeletedID.Less(s.firstID) {
		return false
	}
	return !s.maxDeletedID.Less(start) && !end.Less(s.maxDeletedID)
}

// estimateDistance returns how many entries were ever added up to id, or
// entriesReadInvalid when that cannot be known.
func (s *Stream) estimateDistance(id StreamID) int64 {
	if s.entriesAdded == 0 {
		return 0
	}
	added := int64(s.entriesAdded)
	if s.Len() == 0 && !s.lastID.Less(id) {
		return added
	}
	switch id.Cmp(s.lastID) {
	case 0:
		return added
	case 1:
		return entriesReadInvalid
	}
	if s.maxDeletedID == (StreamID{}) || s.maxDeletedID.Less(s.firstID) {
		switch id.Cmp(s.firstID) {
		case -1:
			return added - int64(s.Len())
		case 0:
			return added - int64(s.Len()) + 1
		}
	}
	return entriesReadInvalid
}

// lag returns the group's lag, ok false when it cannot be known.
func (s *Stream) lag(cg *streamGroup) (int64, bool) {
	if s.entriesAdded == 0 {
		return 0, true
	}
	if cg.entriesRead != entriesReadInvalid && !s.rangeHasTombstones(cg.lastID, maxStreamID) {
		return int64(s.entriesAdded) - cg.entriesRead, true
	}
	if n := s.estimateDistance(cg.lastID); n != entriesReadInvalid {
		return int64(s.entriesAdded) - n, true
	}
	return 0, false
}
