package engine

import (
	"strconv"
	"strings"
	"testing"
)

func bulks(items ...string) string {
	var b strings.Builder
	b.WriteString("*" + strconv.Itoa(len(items)) + "\r\n")
	for _, s := range items {
		if s == "<nil>" {
			b.WriteString("$-1\r\n")
			continue
		}
		b.WriteString("$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n")
	}
	return b.String()
}

func TestSortCommands(t *testing.T) {
	e, _ := testEngine(t)
	run(e, "RPUSH", "l", "3", "1", "2", "10")
	run(e, "SADD", "s", "b", "a", "c")
	run(e, "ZADD", "z", "1", "x", "2", "y", "3", "z")
	run(e, "MSET", "w_1", "30", "w_2", "20", "w_3", "10", "w_10", "5")
	run(e, "HSET", "h_1", "f", "one")
	run(e, "HSET", "h_2", "f", "two")
	runCases(t, e, []replyCase{
		{[]string{"SORT", "l"}, bulks("1", "2", "3", "10")},
		{[]string{"SORT", "l", "DESC"}, bulks("10", "3", "2", "1")},
		{[]string{"SORT", "l", "ALPHA"}, bulks("1", "10", "2", "3")},
		{[]string{"SORT", "l", "LIMIT", "1", "2"}, bulks("2", "3")},
		{[]string{"SORT", "l", "LIMIT", "10", "2"}, "*0\r\n"},
		{[]string{"SORT", "l", "LIMIT", "-5", "-1"}, bulks("1", "2", "3", "10")},
		{[]string{"SORT", "l", "BY", "w_*"}, bulks("10", "3", "2", "1")},
		{[]string{"SORT", "l", "BY", "nosort"}, bulks("3", "1", "2", "10")},
		{[]string{"SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2"}, bulks("2", "1")},
		{[]string{"SORT", "l", "BY", "nosort", "GET", "#", "GET", "h_*->f"}, bulks("3", "<nil>", "1", "one", "2", "two", "10", "<nil>")},
		{[]string{"SORT", "l", "GET", "w_*"}, bulks("30", "20", "10", "5")},
		{[]string{"SORT", "s", "ALPHA"}, bulks("a", "b", "c")},
		{[]string{"SORT", "s"}, "-ERR One or more scores can't be converted into double\r\n"},
		{[]string{"SORT", "z", "BY", "nosort", "DESC"}, bulks("z", "y", "x")},
		{[]string{"SORT", "z", "BY", "nosort", "LIMIT", "1", "1"}, bulks("y")},
		{[]string{"SORT", "z", "ALPHA", "DESC"}, bulks("z", "y", "x")},
		{[]string{"SORT", "nokey"}, "*0\r\n"},
		{[]string{"SORT", "w_1"}, "-" + ErrWrongType + "\r\n"},
		{[]string{"SORT", "l", "LIMIT", "1"}, "-ERR syntax error\r\n"},
		{[]string{"SORT", "l", "LIMIT", "x", "1"}, "-ERR value is not an integer or out of range\r\n"},
		{[]string{"SORT_RO", "l", "STORE", "d"}, "-ERR syntax error\r\n"},
		{[]string{"SORT_RO", "l", "DESC"}, bulks("10", "3", "2", "1")},
		{[]string{"SORT", "l", "STORE", "d"}, ":4\r\n"},
		{[]string{"LRANGE", "d", "0", "-1"}, bulks("1", "2", "3", "10")},
		{[]string{"SORT", "s", "BY", "nosort", "STORE", "d"}, ":3\r\n"},
		{[]string{"LRANGE", "d", "0", "-1"}, bulks("a", "b", "c")},
		{[]string{"SORT", "l", "GET", "nope_*", "STORE", "d"}, ":4\r\n"},
		{[]string{"LRANGE", "d", "0", "1"}, bulks("", "")},
		{[]string{"SORT", "nokey", "STORE", "d"}, ":0\r\n"},
		{[]string{"EXISTS", "d"}, ":0\r\n"},
	})
	if got := sortKeys([][]byte{[]byte("sort"), []byte("k"), []byte("LIMIT"), []byte("0"), []byte("1"), []byte("GET"), []byte("store"), []byte("STORE"), []byte("dst")}); len(got) != 2 || got[1] != 8 {
		t.Fatalf("sortKeys = %v", got)
	}
}
