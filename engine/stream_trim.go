package engine

import (
	"slices"
	"strconv"
)

func init() {
	Register(&Command{Name: "xtrim", Arity: -4, Flags: FlagWrite,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "5.0.0",
		Summary: "Deletes messages from the beginning of a stream.",
		Run:     xtrimCommand})
}

type trimStrategy uint8

const (
	trimNone trimStrategy = iota
	trimMaxLen
	trimMinID
)

// streamTrimArgs are the trimming options of XADD and XTRIM.
type streamTrimArgs struct {
	strategy trimStrategy
	approx   bool
	maxLen   int64
	minID    StreamID
	limit    int64
	argIdx   int // position of the MAXLEN/MINID value, for rewriting
	// XADD only.
	noMkStream bool
	id         StreamID
	idGiven    bool
	seqGiven   bool
}

// parseStreamTrimArgs parses options from argument 2 on. For XADD it
// stops at the ID and returns its position; -1 after an error reply.
func parseStreamTrimArgs(c *Ctx, a *streamTrimArgs, xadd bool) int {
	i := 2
	limitGiven := false
	for ; i < len(c.Args); i++ {
		more := len(c.Args) - 1 - i
		switch {
		case xadd && c.Str(i) == "*":
			return i
		case (c.Is(i, "maxlen") || c.Is(i, "minid")) && more > 0:
			if !parseTrimStrategy(c, a, &i, more) {
				return -1
			}
		case c.Is(i, "limit") && more > 0:
			n, ok := c.Int(i + 1)
			if !ok {
				return -1
			}
			if n < 0 {
				c.W.Error(ErrXLimitNeg)
				return -1
			}
			a.limit, limitGiven = n, true
			i++
		case xadd && c.Is(i, "nomkstream"):
			a.noMkStream = true
		case xadd:
			id, ok := parseStreamIDArg(c, i, 0, true, &a.seqGiven)
			if !ok {
				return -1
			}
			a.id, a.idGiven = id, true
			return i
		default:
			c.W.Error(ErrSyntax)
			return -1
		}
	}
	if !checkTrimArgs(c, a, xadd, limitGiven) {
		return -1
	}
	return i
}

// parseTrimStrategy parses MAXLEN|MINID [=|~] value at *i.
func parseTrimStrategy(c *Ctx, a *streamTrimArgs, i *int, more int) bool {
	if a.strategy != trimNone {
		c.W.Error(ErrXTrimBoth)
		return false
	}
	maxlen := c.Is(*i, "maxlen")
	a.approx = false
	if next := c.Str(*i + 1); more >= 2 && (next == "~" || next == "=") {
		a.approx = next == "~"
		*i++
	}
	*i++
	a.argIdx = *i
	if !maxlen {
		id, ok := parseStreamIDArg(c, *i, 0, true, nil)
		a.strategy, a.minID = trimMinID, id
		return ok
	}
	n, ok := c.Int(*i)
	if !ok {
		return false
	}
	if n < 0 {
		c.W.Error(ErrXMaxlenNeg)
		return false
	}
	a.strategy, a.maxLen = trimMaxLen, n
	return true
}

// checkTrimArgs applies the rules that join the options, and sets the
// default LIMIT of approximate trimming. Replayed logs trim exactly what
// they say: the logged form is already exact.
func checkTrimArgs(c *Ctx, a *streamTrimArgs, xadd, limitGiven bool) bool {
	if a.limit != 0 && a.strategy == trimNone {
		c.W.Error(ErrXLimitNoTrim)
		return false
	}
	if !xadd && a.strategy == trimNone {
		c.W.Error(ErrXTrimNoStrategy)
		return false
	}
	if c.E.loading {
		a.limit = 0
		return true
	}
	if limitGiven && !a.approx {
		c.W.Error(ErrXLimitNoApprox)
		return false
	}
	if !limitGiven && a.approx {
		a.limit = 100 * c.E.Config().StreamNodeMaxEntries
		if a.limit <= 0 {
			a.limit = 10000
		}
		a.limit = min(a.limit, 1000000)
	}
	return true
}

// trim applies the trimming options to s and returns how many entries
// went. REQUIRES: s owned by the current generation.
func (s *Stream) trim(g uint64, a *streamTrimArgs) int {
	var keep func(left int, id StreamID) bool
	switch a.strategy {
	case trimMaxLen:
		keep = func(left int, _ StreamID) bool { return int64(left) < a.maxLen }
	case trimMinID:
		keep = func(_ int, id StreamID) bool { return !id.Less(a.minID) }
	default:
		return 0
	}
	n := s.entries.TrimFront(g, a.approx, int(a.limit), keep)
	if n > 0 {
		s.refreshFirst()
	}
	return n
}

// rewriteTrimArgs makes an approximate trim exact in argv, a copy of the
// request to log: "~" becomes "=" and the value the length or first ID
// reached, so that replay trims the same entries whatever its chunks.
func rewriteTrimArgs(argv [][]byte, s *Stream, a *streamTrimArgs) {
	argv[a.argIdx-1] = []byte("=")
	if a.strategy == trimMaxLen {
		argv[a.argIdx] = strconv.AppendInt(nil, int64(s.Len()), 10)
		return
	}
	first, ok := s.entries.First()
	if !ok {
		first.ID = maxStreamID // nothing left: replay must drop everything
	}
	argv[a.argIdx] = []byte(formatStreamID(first.ID))
}

func xtrimCommand(c *Ctx) {
	var a streamTrimArgs
	if parseStreamTrimArgs(c, &a, false) < 0 {
		return
	}
	key := c.Str(1)
	s, ok := streamWrite(c, key)
	if !ok {
		return
	}
	if s == nil {
		c.W.Int(0)
		return
	}
	n := s.trim(c.Gen(), &a)
	c.W.Int(int64(n))
	if n == 0 {
		return
	}
	c.Notify(NotifyStream, "xtrim", key)
	c.Changed(n)
	if a.approx {
		argv := slices.Clone(c.Args)
		rewriteTrimArgs(argv, s, &a)
		c.Propagate(argv...)
	}
}
