package engine

import "fmt"

// Redis's error texts, kept in one place.
const (
	ErrWrongType     = "WRONGTYPE Operation against a key holding the wrong kind of value"
	ErrSyntax        = "ERR syntax error"
	ErrNotInt        = "ERR value is not an integer or out of range"
	ErrNotFloat      = "ERR value is not a valid float"
	ErrNoSuchKey     = "ERR no such key"
	ErrOverflow      = "ERR increment or decrement would overflow"
	ErrIncrNaNInf    = "ERR increment would produce NaN or Infinity"
	ErrOutOfRange    = "ERR index out of range"
	ErrDBIndex       = "ERR DB index is out of range"
	ErrStringTooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
	ErrBitOffset     = "ERR bit offset is not an integer or out of range"
	ErrBitValue      = "ERR bit is not an integer or out of range"
	ErrSameObject    = "ERR source and destination objects are the same"
	ErrOffsetRange   = "ERR offset is out of range"
	ErrPositive      = "ERR value is out of range, must be positive"
	ErrTimeout       = "ERR timeout is not a float or out of range"
	ErrTimeoutNeg    = "ERR timeout is negative"
)

// ErrInvalidExpire is the error for a bad expire time in cmd.
func ErrInvalidExpire(cmd string) string {
	return fmt.Sprintf("ERR invalid expire time in '%s' command", cmd)
}

// ErrWrongArgs is the arity error for cmd.
func ErrWrongArgs(cmd string) string {
	return fmt.Sprintf("ERR wrong number of arguments for '%s' command", cmd)
}

// ErrUnknownSub is the error for an unknown subcommand of cmd.
func ErrUnknownSub(sub, cmd string) string {
	return fmt.Sprintf("ERR unknown subcommand '%.128s'. Try %s HELP.", sub, cmd)
}
