package engine

import "testing"

func rEntry(id string, fv ...string) string { return rArr(rBulk(id), rBulks(fv...)) }

func TestStreamBasics(t *testing.T) {
	runFresh(t, map[string][]step{
		"xadd-ids": {
			{cmd: "XADD s 1-1 a 1", want: rBulk("1-1")},
			{cmd: "XADD s 1-* b 2", want: rBulk("1-2")},
			{cmd: "XADD s 1 c 3", want: rErr(ErrXAddSmallID)},
			{cmd: "XADD s 2 c 3", want: rBulk("2-0")},
			{cmd: "XADD s 0-0 c 3", want: rErr(ErrXAddZeroID)},
			{cmd: "XADD s * c", want: rErr(ErrWrongArgs("xadd"))},
			{cmd: "XADD s 1-x c 3", want: rErr(ErrXInvalidID)},
			{cmd: "XADD s * c 3", want: rBulk("1700000000000-0")},
			{cmd: "XADD s * c 3", want: rBulk("1700000000000-1")},
			{cmd: "XADD n NOMKSTREAM * c 3", want: rNull},
			{cmd: "XLEN s", want: rInt(5)},
			{cmd: "XLEN nope", want: rInt(0)},
			{cmd: "SET str x", want: rOK},
			{cmd: "XADD str * a 1", want: rErr(ErrWrongType)},
		},
		"xrange": {
			{cmd: "XADD s 1-1 a 1", want: rBulk("1-1")},
			{cmd: "XADD s 1-2 b 2", want: rBulk("1-2")},
			{cmd: "XADD s 3-0 c 3", want: rBulk("3-0")},
			{cmd: "XRANGE s - +", want: rArr(rEntry("1-1", "a", "1"), rEntry("1-2", "b", "2"), rEntry("3-0", "c", "3"))},
			{cmd: "XRANGE s (1-1 +", want: rArr(rEntry("1-2", "b", "2"), rEntry("3-0", "c", "3"))},
			{cmd: "XRANGE s - (3-0", want: rArr(rEntry("1-1", "a", "1"), rEntry("1-2", "b", "2"))},
			{cmd: "XRANGE s 1 1", want: rArr(rEntry("1-1", "a", "1"), rEntry("1-2", "b", "2"))},
			{cmd: "XREVRANGE s + - COUNT 2", want: rArr(rEntry("3-0", "c", "3"), rEntry("1-2", "b", "2"))},
			{cmd: "XRANGE s - + COUNT 0", want: "*-1\r\n"},
			{cmd: "XRANGE s (18446744073709551615-18446744073709551615 +", want: rErr(ErrXStartID)},
			{cmd: "XRANGE s - (0-0", want: rErr(ErrXEndID)},
			{cmd: "XRANGE s - + FOO", want: rErr(ErrSyntax)},
			{cmd: "XDEL s 1-2 9-9", want: rInt(1)},
			{cmd: "XRANGE s - +", want: rArr(rEntry("1-1", "a", "1"), rEntry("3-0", "c", "3"))},
			{cmd: "XDEL s x", want: rErr(ErrXInvalidID)},
			{cmd: "XLEN s", want: rInt(2)},
		},
		"trim": {
			{cmd: "XADD s 1 a 1", want: rBulk("1-0")},
			{cmd: "XADD s 2 a 1", want: rBulk("2-0")},
			{cmd: "XADD s 3 a 1", want: rBulk("3-0")},
			{cmd: "XADD s MAXLEN 2 4 a 1", want: rBulk("4-0")},
			{cmd: "XLEN s", want: rInt(2)},
			{cmd: "XTRIM s MINID 4", want: rInt(1)},
			{cmd: "XTRIM s MAXLEN = 0 LIMIT 1", want: rErr(ErrXLimitNoApprox)},
			{cmd: "XTRIM s MAXLEN ~ 1", want: rInt(0)},
			{cmd: "XTRIM s", want: rErr(ErrWrongArgs("xtrim"))},
			{cmd: "XTRIM s LIMIT 1", want: rErr(ErrXLimitNoTrim)},
			{cmd: "XTRIM s MAXLEN -1", want: rErr(ErrXMaxlenNeg)},
			{cmd: "XTRIM s MAXLEN 1 MINID 1", want: rErr(ErrXTrimBoth)},
			{cmd: "XRANGE s - +", want: rArr(rEntry("4-0", "a", "1"))},
		},
		"setid": {
			{cmd: "XADD s 5 a 1", want: rBulk("5-0")},
			{cmd: "XSETID s 4", want: rErr(ErrXSetIDSmall)},
			{cmd: "XSETID s 9 ENTRIESADDED 0", want: rErr(ErrXSetIDLen)},
			{cmd: "XSETID s 9 MAXDELETEDID 10", want: rErr(ErrXSetIDMaxDel)},
			{cmd: "XSETID s 9", want: rOK},
			{cmd: "XADD s 9 a 1", want: rErr(ErrXAddSmallID)},
			{cmd: "XSETID nope 9", want: rErr(ErrNoSuchKey)},
		},
	})
}

func TestStreamGroups(t *testing.T) {
	runFresh(t, map[string][]step{
		"readgroup": {
			{cmd: "XGROUP CREATE s g $", want: rErr(ErrXGroupNoKey)},
			{cmd: "XGROUP CREATE s g $ MKSTREAM", want: rOK},
			{cmd: "XGROUP CREATE s g $", want: rErr(ErrXBusyGroup)},
			{cmd: "XADD s 1 a 1", want: rBulk("1-0")},
			{cmd: "XADD s 2 b 2", want: rBulk("2-0")},
			{cmd: "XREADGROUP GROUP g alice COUNT 1 STREAMS s >", want: rArr(rArr(rBulk("s"), rArr(rEntry("1-0", "a", "1"))))},
			{cmd: "XREADGROUP GROUP g bob STREAMS s >", want: rArr(rArr(rBulk("s"), rArr(rEntry("2-0", "b", "2"))))},
			{cmd: "XREADGROUP GROUP g bob STREAMS s >", want: "*-1\r\n"},
			{cmd: "XREADGROUP GROUP g alice STREAMS s 0", want: rArr(rArr(rBulk("s"), rArr(rEntry("1-0", "a", "1"))))},
			{cmd: "XPENDING s g", want: rArr(rInt(2), rBulk("1-0"), rBulk("2-0"), rArr(rArr(rBulk("alice"), rBulk("1")), rArr(rBulk("bob"), rBulk("1"))))},
			{cmd: "XACK s g 1-0 5-0", want: rInt(1)},
			{cmd: "XPENDING s g - + 10 bob", want: rArr(rArr(rBulk("2-0"), rBulk("bob"), rInt(0), rInt(1)))},
			{cmd: "XCLAIM s g carol 0 2-0 JUSTID", want: rBulks("2-0")},
			{cmd: "XPENDING s g - + 10", want: rArr(rArr(rBulk("2-0"), rBulk("carol"), rInt(0), rInt(1)))},
			{cmd: "XREADGROUP GROUP nog a STREAMS s >", want: rErr(ErrXReadNoKeyGroup("s", "nog"))},
			{cmd: "XREADGROUP GROUP g a STREAMS s $", want: rErr(ErrXReadGroupDollar)},
			{cmd: "XREAD STREAMS s >", want: rErr(ErrXReadGT)},
			{cmd: "XREAD STREAMS s 0-0", want: rArr(rArr(rBulk("s"), rArr(rEntry("1-0", "a", "1"), rEntry("2-0", "b", "2"))))},
			{cmd: "XREAD STREAMS s 0 s", want: rErr(ErrXReadUnbalanced)},
			{cmd: "XGROUP DELCONSUMER s g carol", want: rInt(1)},
			{cmd: "XGROUP DESTROY s g", want: rInt(1)},
			{cmd: "XGROUP DESTROY s g", want: rInt(0)},
		},
	})
}
