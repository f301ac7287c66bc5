package engine

import "slices"

func init() {
	Register(&Command{Name: "xadd", Arity: -5, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "5.0.0",
		Summary: "Appends a new message to a stream. Creates the key if it doesn't exist.",
		Run:     xaddCommand})
}

// xaddCommand is XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] v [LIMIT n]]
// id|* field value [field value ...]. It is logged with the ID it
// assigned and, after an approximate trim, the exact trim it did.
func xaddCommand(c *Ctx) {
	var a streamTrimArgs
	idPos := parseStreamTrimArgs(c, &a, true)
	if idPos < 0 {
		return
	}
	if n := len(c.Args) - idPos - 1; n < 2 || n%2 == 1 {
		c.W.Error(ErrWrongArgs("xadd"))
		return
	}
	if a.idGiven && a.seqGiven && a.id == (StreamID{}) {
		c.W.Error(ErrXAddZeroID)
		return
	}
	key := c.Str(1)
	s, ok := streamWrite(c, key)
	if !ok {
		return
	}
	if s == nil {
		if a.noMkStream {
			c.W.Null()
			return
		}
		s = newStreamKey(c, 1)
	}
	if s.lastID == maxStreamID {
		c.W.Error(ErrXAddExhausted)
		return
	}
	id, ok := s.nextID(&a, c.Now())
	if !ok {
		c.W.Error(ErrXAddSmallID)
		return
	}
	s.append(c, id, c.Args[idPos+1:])
	var idBuf [41]byte // NB: on the stack; the log gets a copy
	idArg := appendStreamID(idBuf[:0], id)
	c.W.Bulk(idArg)
	c.Notify(NotifyStream, "xadd", key)
	c.Changed(1)
	xaddTrimAndLog(c, s, &a, idPos, idArg)
	c.KeyReady(c.Str(1))
}

// nextID picks the ID of a new entry: explicit, ms-* or automatic.
func (s *Stream) nextID(a *streamTrimArgs, now int64) (StreamID, bool) {
	var id StreamID
	switch {
	case a.idGiven && a.seqGiven:
		id = a.id
	case a.idGiven && a.id.Ms == s.lastID.Ms:
		if s.lastID.Seq == ^uint64(0) {
			return id, false
		}
		id = StreamID{Ms: a.id.Ms, Seq: s.lastID.Seq + 1}
	case a.idGiven:
		id = a.id
	case uint64(now) > s.lastID.Ms:
		id = StreamID{Ms: uint64(now)}
	default:
		id, _ = streamIncrID(s.lastID)
	}
	return id, s.lastID.Less(id)
}

// append stores a new entry. REQUIRES: s owned, id after lastID.
func (s *Stream) append(c *Ctx, id StreamID, fields [][]byte) {
	s.entries.Append(c.Gen(), streamLimits(c), id, fields)
	if s.entries.Len() == 1 {
		s.firstID = id
	}
	s.lastID = id
	s.entriesAdded++
}

// xaddTrimAndLog trims as asked and logs XADD with the assigned ID and,
// for an approximate trim, the exact trim done.
func xaddTrimAndLog(c *Ctx, s *Stream, a *streamTrimArgs, idPos int, idArg []byte) {
	rewrite := !a.idGiven || !a.seqGiven
	if a.strategy != trimNone {
		if s.trim(c.Gen(), a) > 0 {
			c.Notify(NotifyStream, "xtrim", c.Str(1))
		}
		rewrite = rewrite || a.approx
	}
	if !rewrite {
		return
	}
	if c.E.noLog {
		// Nobody reads effects: count the write without building them.
		c.Propagate()
		return
	}
	argv := slices.Clone(c.Args)
	argv[idPos] = slices.Clone(idArg)
	if a.approx {
		rewriteTrimArgs(argv, s, a)
	}
	c.Propagate(argv...)
}
