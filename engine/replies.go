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

// Error texts of the string, bitmap, keyspace and expiry commands.
const (
	ErrDecrOverflow       = "ERR decrement would overflow"
	ErrValueRange         = "ERR value is out of range"
	ErrLCSNotString       = "ERR The specified keys must contain string values"
	ErrLCSLenAndIdx       = "ERR If you want both the length and indexes, please just use IDX."
	ErrLCSTooLong         = "ERR String too long for LCS"
	ErrLCSMemory          = "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"
	ErrBitArgument        = "ERR The bit argument must be 1 or 0."
	ErrBitopNot           = "ERR BITOP NOT must be called with a single source key."
	ErrBitfieldType       = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
	ErrBitfieldOverflow   = "ERR Invalid OVERFLOW type specified"
	ErrBitfieldRO         = "ERR BITFIELD_RO only supports the GET subcommand"
	ErrInvalidCursor      = "ERR invalid cursor"
	ErrExpireNXIncompat   = "ERR NX and XX, GT or LT options at the same time are not compatible"
	ErrExpireGTLTIncompat = "ERR GT and LT options at the same time are not compatible"
	ErrInvalidFirstDB     = "ERR invalid first DB index"
	ErrInvalidSecondDB    = "ERR invalid second DB index"
	ErrObjectLFUIdle      = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
	ErrObjectNoLFUFreq    = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
)

// ErrUnsupportedOption is EXPIRE's error for an unknown flag.
func ErrUnsupportedOption(opt string) string {
	return "ERR Unsupported option " + opt
}

// ErrRangeBetween is the error for an integer outside [min, max].
func ErrRangeBetween(min, max int64) string {
	return fmt.Sprintf("ERR value is out of range, value must between %d and %d", min, max)
}

// ErrSubcommandSyntax is the reply of a container command to an unknown
// subcommand or a wrong argument count, with cmd in upper case.
func ErrSubcommandSyntax(sub, cmd string) string {
	return fmt.Sprintf("ERR unknown subcommand or wrong number of arguments for '%.128s'. Try %s HELP.", sub, cmd)
}

// List errors.
const (
	ErrLposRank   = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
	ErrLposCount  = "ERR COUNT can't be negative"
	ErrLposMaxlen = "ERR MAXLEN can't be negative"
	ErrNumkeys    = "ERR numkeys should be greater than 0"
	ErrCountPos   = "ERR count should be greater than 0"
)

// Hash, set and SORT errors.
const (
	ErrHashNotInt     = "ERR hash value is not an integer"
	ErrHashNotFloat   = "ERR hash value is not a float"
	ErrNaNOrInfinity  = "ERR value is NaN or Infinity"
	ErrNumkeysTooMany = "ERR Number of keys can't be greater than number of args"
	ErrLimitNegative  = "ERR LIMIT can't be negative"
	ErrSortNotDouble  = "ERR One or more scores can't be converted into double"
)

// Sorted set errors.
const (
	ErrZaddNXXX     = "ERR XX and NX options at the same time are not compatible"
	ErrZaddGTLTNX   = "ERR GT, LT, and/or NX options at the same time are not compatible"
	ErrZaddIncrPair = "ERR INCR option supports a single increment-element pair"
	ErrZaddNaN      = "ERR resulting score is not a number (NaN)"
	ErrZMinMaxFloat = "ERR min or max is not a float"
	ErrZMinMaxLex   = "ERR min or max not valid string range item"
	ErrZLimitRank   = "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"
	ErrZScoresLex   = "ERR syntax error, WITHSCORES not supported in combination with BYLEX"
	ErrZWeights     = "ERR weight value is not a float"
	ErrZNumkeysSet  = "ERR at least 1 input key is needed for '%s' command"
	ErrZRandRange   = "ERR value is out of range"
	ErrZLimitNeg    = "ERR LIMIT can't be negative"
)

// ErrZRandBounds is ZRANDMEMBER's range error for a count of LONG_MIN.
const ErrZRandBounds = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"

// DUMP and RESTORE errors.
const (
	ErrDumpPayload   = "ERR DUMP payload version or checksum are wrong"
	ErrBadDataFormat = "ERR Bad data format"
	ErrBusyKey       = "BUSYKEY Target key name already exists."
	ErrInvalidTTL    = "ERR Invalid TTL value, must be >= 0"
	ErrRestoreIdle   = "ERR Invalid IDLETIME value, must be >= 0"
	ErrRestoreFreq   = "ERR Invalid FREQ value, must be >= 0 and <= 255"
	ErrNoDumpCodec   = "ERR DUMP/RESTORE payload codec not installed"
)

// HyperLogLog errors.
const (
	ErrHLLNotValid      = "WRONGTYPE Key is not a valid HyperLogLog string value."
	ErrHLLCorrupt       = "INVALIDOBJ Corrupted HLL object detected"
	ErrPFDebugNoKey     = "ERR The specified key does not exist"
	ErrPFDebugNotSparse = "ERR HLL encoding is not sparse"
	ErrPFDebugUnknown   = "ERR Unknown PFDEBUG subcommand '%s'"
	ErrPFDebugArity     = "ERR Wrong number of arguments for the '%s' subcommand"
)

// Stream errors.
const (
	ErrXInvalidID       = "ERR Invalid stream ID specified as stream command argument"
	ErrXAddZeroID       = "ERR The ID specified in XADD must be greater than 0-0"
	ErrXAddExhausted    = "ERR The stream has exhausted the last possible ID, unable to add more items"
	ErrXAddSmallID      = "ERR The ID specified in XADD is equal or smaller than the target stream top item"
	ErrXTrimBoth        = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible"
	ErrXMaxlenNeg       = "ERR The MAXLEN argument must be >= 0."
	ErrXLimitNeg        = "ERR The LIMIT argument must be >= 0."
	ErrXLimitNoTrim     = "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"
	ErrXTrimNoStrategy  = "ERR syntax error, XTRIM must be called with a trimming strategy"
	ErrXLimitNoApprox   = "ERR syntax error, LIMIT cannot be used without the special ~ option"
	ErrXStartID         = "ERR invalid start ID for the interval"
	ErrXEndID           = "ERR invalid end ID for the interval"
	ErrXReadUnbalanced  = "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."
	ErrXReadGroupOpt    = "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead."
	ErrXReadNoAckOpt    = "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead."
	ErrXReadNoGroup     = "ERR Missing GROUP option for XREADGROUP"
	ErrXReadGroupDollar = "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set."
	ErrXReadGT          = "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."
	ErrXEntriesRead     = "ERR value for ENTRIESREAD must be positive or -1"
	ErrXGroupNoKey      = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."
	ErrXBusyGroup       = "BUSYGROUP Consumer Group name already exists"
	ErrXEntriesAdded    = "ERR entries_added must be positive"
	ErrXSetIDMaxDel     = "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id"
	ErrXSetIDSmall      = "ERR The ID specified in XSETID is smaller than the target stream top item"
	ErrXSetIDLen        = "ERR The entries_added specified in XSETID is smaller than the target stream length"
	ErrXCountTooHigh    = "ERR Insufficient memory, failed allocating transient memory, COUNT too high."
)

// ErrXNoGroup is NOGROUP for XGROUP and XINFO: the group is missing.
func ErrXNoGroup(group, key string) string {
	return fmt.Sprintf("NOGROUP No such consumer group '%s' for key name '%s'", group, key)
}

// ErrXNoKeyGroup is NOGROUP for XPENDING, XCLAIM and XAUTOCLAIM.
func ErrXNoKeyGroup(key, group string) string {
	return fmt.Sprintf("NOGROUP No such key '%s' or consumer group '%s'", key, group)
}

// ErrXReadNoKeyGroup is NOGROUP for XREADGROUP.
func ErrXReadNoKeyGroup(key, group string) string {
	return fmt.Sprintf("NOGROUP No such key '%s' or consumer group '%s' in XREADGROUP with GROUP option", key, group)
}

// ErrXClaimOption is XCLAIM's error for an unknown option.
func ErrXClaimOption(opt string) string {
	return fmt.Sprintf("ERR Unrecognized XCLAIM option '%s'", opt)
}

// ErrXBlockScript is the error for XREAD/XREADGROUP BLOCK inside a script.
func ErrXBlockScript(cmd string) string {
	return fmt.Sprintf("ERR %s command is not allowed with BLOCK option from scripts", cmd)
}

// ErrSubSyntax is Redis's addReplySubcommandSyntaxError text.
func ErrSubSyntax(sub, cmd string) string {
	return fmt.Sprintf("ERR unknown subcommand or wrong number of arguments for '%.128s'. Try %s HELP.", sub, cmd)
}

// Geo errors.
const (
	ErrGeoUnit          = "ERR unsupported unit provided. please use M, KM, FT, MI"
	ErrGeoRadiusNum     = "ERR need numeric radius"
	ErrGeoRadiusNeg     = "ERR radius cannot be negative"
	ErrGeoWidthNum      = "ERR need numeric width"
	ErrGeoHeightNum     = "ERR need numeric height"
	ErrGeoBoxNeg        = "ERR height or width cannot be negative"
	ErrGeoMember        = "ERR could not decode requested zset member"
	ErrGeoCount         = "ERR COUNT must be > 0"
	ErrGeoAnyCount      = "ERR the ANY argument requires COUNT argument"
	ErrGeoLonLat        = "ERR invalid longitude,latitude pair %s,%s"
	ErrGeoStoreWith     = "ERR %s is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
	ErrGeoSearchFrom    = "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for %s"
	ErrGeoSearchBy      = "ERR exactly one of BYRADIUS and BYBOX can be specified for %s"
	ErrGeoUnknownSearch = "ERR Unknown georadius search type"
)

// Millisecond timeout errors (XREAD BLOCK).
const (
	ErrTimeoutNotInt = "ERR timeout is not an integer or out of range"
	ErrTimeoutRange  = "ERR timeout is out of range"
)

// Errors of XREADGROUP clients woken when their stream or group is gone.
const (
	ErrXGroupGone  = "NOGROUP the consumer group this client was blocked on no longer exists"
	ErrXStreamGone = "UNBLOCKED the stream key no longer exists"
)

// XCLAIM and XAUTOCLAIM argument errors.
const (
	ErrXClaimMinIdle     = "ERR Invalid min-idle-time argument for XCLAIM"
	ErrXClaimIdle        = "ERR Invalid IDLE option argument for XCLAIM"
	ErrXClaimTime        = "ERR Invalid TIME option argument for XCLAIM"
	ErrXClaimRetry       = "ERR Invalid RETRYCOUNT option argument for XCLAIM"
	ErrXAutoclaimMinIdle = "ERR Invalid min-idle-time argument for XAUTOCLAIM"
	ErrXAutoclaimCount   = "ERR COUNT must be > 0"
)
