package engine

import "strconv"

// Effect is the deterministic result of one command: RESP commands that
// replay to the same state, the database they apply to, and the command's
// log sequence number. Effects are produced in the writer order.
type Effect struct {
	LSN  uint64
	DB   int
	RESP []byte // one or more complete RESP commands; owned by the receiver
	// Txn marks the first and last effects of a MULTI/EXEC block (or a
	// script): the log wraps them in MULTI ... EXEC so recovery applies all
	// of them or none (DESIGN invariant 1).
	Txn TxnMark
}

// TxnMark flags transaction boundaries on effects.
type TxnMark uint8

const (
	TxnBegin TxnMark = 1 << iota
	TxnEnd
)

// EffectMark returns a position in the pending effects, for WrapTxn.
// REQUIRES: the lock.
func (e *Engine) EffectMark() int { return len(e.effects) }

// WrapTxn marks the effects produced since mark as one transaction when
// there are two or more of them (one effect is atomic by itself).
// REQUIRES: the lock.
func (e *Engine) WrapTxn(mark int) {
	if len(e.effects)-mark < 2 {
		return
	}
	e.effects[mark].Txn |= TxnBegin
	e.effects[len(e.effects)-1].Txn |= TxnEnd
}

// TakeEffects returns the effects produced since the last call and forgets
// them; the receiver owns the result. REQUIRES: the lock.
func (e *Engine) TakeEffects() []Effect {
	out := e.effects
	e.effects, e.arena = nil, nil
	return out
}

// TakeEffectsShared is TakeEffects for a receiver that encodes or copies
// the effects at once, under the lock: they and their RESP bytes stay valid
// only until the next command runs, and their buffers are reused, which
// keeps the write path free of allocations. REQUIRES: the lock.
func (e *Engine) TakeEffectsShared() []Effect {
	out := e.effects
	e.effects = e.effects[:0]
	e.arena = e.arena[:0]
	if cap(e.arena) > 1<<20 {
		// One huge command (DEBUG POPULATE, a big MSET) must not pin its
		// buffer for ever.
		e.arena, e.effects = nil, nil
	}
	return out
}

// SetLogging turns effect recording on or off. With nothing to feed (no
// AOF, no replica) the engine only counts LSNs and skips encoding.
// REQUIRES: the lock.
func (e *Engine) SetLogging(on bool) { e.noLog = !on }

// HasEffects reports whether effects are waiting to be taken.
func (e *Engine) HasEffects() bool { return len(e.effects) > 0 }

// emit appends one effect command for database db.
func (e *Engine) emit(db int, argv ...[]byte) {
	e.lsn++
	if e.noLog {
		return
	}
	start := len(e.arena)
	e.arena = AppendCommand(e.arena, argv...)
	e.effects = append(e.effects, Effect{LSN: e.lsn, DB: db, RESP: e.arena[start:len(e.arena):len(e.arena)]})
}

func (e *Engine) emitStrings(db int, argv ...string) {
	b := make([][]byte, len(argv))
	for i, s := range argv {
		b[i] = []byte(s)
	}
	e.emit(db, b...)
}

// AppendCommand appends argv as a RESP multibulk to dst.
func AppendCommand(dst []byte, argv ...[]byte) []byte {
	dst = append(dst, '*')
	dst = strconv.AppendInt(dst, int64(len(argv)), 10)
	dst = append(dst, '\r', '\n')
	for _, a := range argv {
		dst = append(dst, '$')
		dst = strconv.AppendInt(dst, int64(len(a)), 10)
		dst = append(dst, '\r', '\n')
		dst = append(dst, a...)
		dst = append(dst, '\r', '\n')
	}
	return dst
}
