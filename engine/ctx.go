package engine

import (
	"math"
	"strconv"
	"strings"
	"unsafe"

	"github.com/strata-db/strata/internal/resp"
)

// Ctx is one command's execution: its arguments, the client's selected
// database, the reply writer, and the command's effect bookkeeping.
type Ctx struct {
	E    *Engine
	DB   *DB
	Cmd  *Command
	Args [][]byte // aliases the request buffer: copy what you keep
	W    *resp.Writer
	// Client is the server's connection state for server commands; nil in
	// recovery and tests.
	Client any
	// NoBlock is set inside MULTI/EXEC and scripts: blocking commands must
	// answer at once as if their timeout had passed.
	NoBlock bool

	block *BlockRequest

	dirty    int64
	replaced bool
}

// Exec runs c.Cmd under the writer order and records its effect: the
// request itself when the command changed data and did not log something
// else with Propagate. REQUIRES: the lock; c.DB, c.Cmd, c.Args and c.W set.
func (e *Engine) Exec(c *Ctx) {
	c.E = e
	c.dirty, c.replaced, c.block = 0, false, nil
	outer := e.cmdNow
	if outer == 0 {
		// Commands run inside EXEC keep EXEC's instant.
		if e.haveRead {
			e.cmdStart, e.haveRead = e.endRead, false
		} else {
			e.cmdStart = e.opts.Now()
		}
		e.cmdNow = e.cmdStart.UnixMilli()
	}
	defer func() { e.cmdNow = outer }()
	c.Cmd.Run(c)
	if c.dirty > 0 {
		e.Dirty += c.dirty
		if !c.replaced {
			e.emit(c.DB.id, c.Args...)
		}
	}
	if e.loading {
		e.effects = e.effects[:0]
		e.arena = e.arena[:0]
	}
}

// Changed records that the command changed n things (Redis's dirty count).
func (c *Ctx) Changed(n int) { c.dirty += int64(n) }

// Propagate logs argv as (part of) this command's effect instead of the
// request itself. Call it once per effect command, in order.
func (c *Ctx) Propagate(argv ...[]byte) {
	c.replaced = true
	c.E.emit(c.DB.id, argv...)
}

// PropagateStrings is Propagate for string arguments.
func (c *Ctx) PropagateStrings(argv ...string) {
	c.replaced = true
	c.E.emitStrings(c.DB.id, argv...)
}

// NoPropagate keeps a changing command out of the log (for example a
// command whose change is already logged by expiry deletes).
func (c *Ctx) NoPropagate() { c.replaced = true }

// Now returns the engine clock in unix ms.
func (c *Ctx) Now() int64 { return c.E.Now() }

// Gen returns the writer generation, for changing owned collections.
func (c *Ctx) Gen() uint64 { return c.E.gen }

// Str returns argument i as a string that aliases the request buffer: use
// it for lookups, never store it.
func (c *Ctx) Str(i int) string { return unsafeString(c.Args[i]) }

// Key returns argument i as a fresh string, safe to store.
func (c *Ctx) Key(i int) string { return string(c.Args[i]) }

// Upper returns argument i in upper case, for option parsing.
func (c *Ctx) Upper(i int) string { return strings.ToUpper(string(c.Args[i])) }

// Is reports whether argument i equals opt, ignoring case.
func (c *Ctx) Is(i int, opt string) bool {
	return strings.EqualFold(unsafeString(c.Args[i]), opt)
}

func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// Int parses argument i as an int64 the way Redis's string2ll does, and
// replies with Redis's error when it is not one.
func (c *Ctx) Int(i int) (int64, bool) {
	n, ok := ParseInt(c.Args[i])
	if !ok {
		c.W.Error(ErrNotInt)
	}
	return n, ok
}

// Float parses argument i as a double, replying with Redis's error when it
// is not one (NaN is refused).
func (c *Ctx) Float(i int) (float64, bool) {
	f, ok := ParseFloat(c.Args[i])
	if !ok {
		c.W.Error(ErrNotFloat)
	}
	return f, ok
}

// ParseInt parses a canonical decimal int64 (no spaces, no '+', no leading
// zeros), as Redis's string2ll.
func ParseInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	if len(b) == 1 && b[0] == '0' {
		return 0, true
	}
	i := 0
	neg := b[0] == '-'
	if neg {
		i = 1
		if len(b) == 1 {
			return 0, false
		}
	}
	if b[i] < '1' || b[i] > '9' {
		return 0, false
	}
	var v uint64
	for ; i < len(b); i++ {
		d := b[i] - '0'
		if d > 9 {
			return 0, false
		}
		if v > (math.MaxUint64-uint64(d))/10 {
			return 0, false
		}
		v = v*10 + uint64(d)
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}

// ParseFloat parses a double as Redis's string2ld/strtod does: no spaces,
// "inf"/"-inf" accepted, NaN refused.
func ParseFloat(b []byte) (float64, bool) {
	if len(b) == 0 || isSpace(b[0]) || isSpace(b[len(b)-1]) {
		return 0, false
	}
	s := unsafeString(b)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, !math.IsNaN(f)
		}
		return 0, false
	}
	if math.IsNaN(f) || strings.ContainsAny(s, "_xXpP") {
		return 0, false
	}
	return f, true
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// FormatFloat formats f as Redis's %.17g replies do.
func FormatFloat(f float64) string { return string(resp.AppendDouble(nil, f)) }
