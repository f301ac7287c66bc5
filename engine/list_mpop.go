package engine

import "strconv"

func init() {
	Register(&Command{Name: "lmpop", Arity: -4, Flags: FlagWrite | FlagMovableKeys,
		Keys: numkeysKeys(1), Group: "list", Since: "7.0.0",
		Summary: "Pop elements from a list", Run: lmpopCommand})
}

// numkeysKeys extracts the keys of commands shaped "... numkeys key...":
// idx is the position of numkeys.
func numkeysKeys(idx int) func(args [][]byte) []int {
	return func(args [][]byte) []int {
		if idx >= len(args) {
			return nil
		}
		n, ok := ParseInt(args[idx])
		if !ok || n <= 0 || n > int64(len(args)-idx-1) {
			return nil
		}
		out := make([]int, n)
		for i := range out {
			out[i] = idx + 1 + i
		}
		return out
	}
}

// mpopArgs are the parsed arguments of LMPOP/BLMPOP (and ZMPOP/BZMPOP).
type mpopArgs struct {
	keys  []int // argument positions
	count int64
	where int // position of the LEFT/RIGHT (MIN/MAX) word
}

// parseMpop parses "numkeys key... where [COUNT n]" from numkeys position
// idx, replying with Redis's errors.
func parseMpop(c *Ctx, idx int) (mpopArgs, bool) {
	var a mpopArgs
	n, ok := ParseInt(c.Args[idx])
	if !ok || n <= 0 {
		c.W.Error(ErrNumkeys)
		return a, false
	}
	a.where = idx + 1 + int(min(n, int64(len(c.Args))))
	if a.where >= len(c.Args) {
		c.W.Error(ErrSyntax)
		return a, false
	}
	for i := idx + 1; i < a.where; i++ {
		a.keys = append(a.keys, i)
	}
	return a, true
}

// parseMpopCount parses the optional "COUNT n" after the where word.
func parseMpopCount(c *Ctx, a *mpopArgs) bool {
	a.count = -1
	for i := a.where + 1; i < len(c.Args); i++ {
		if a.count == -1 && c.Is(i, "count") && i+1 < len(c.Args) {
			i++
			n, ok := ParseInt(c.Args[i])
			if !ok || n <= 0 {
				c.W.Error(ErrCountPos)
				return false
			}
			a.count = n
			continue
		}
		c.W.Error(ErrSyntax)
		return false
	}
	if a.count == -1 {
		a.count = 1
	}
	return true
}

func parseLmpop(c *Ctx, idx int) (mpopArgs, listEnd, bool) {
	a, ok := parseMpop(c, idx)
	if !ok {
		return a, false, false
	}
	end, ok := parseListEnd(c, a.where)
	if !ok || !parseMpopCount(c, &a) {
		return a, false, false
	}
	return a, end, true
}

func lmpopCommand(c *Ctx) {
	a, end, ok := parseLmpop(c, 1)
	if !ok {
		return
	}
	if served, ok := lmpopServe(c, a, end); ok && !served {
		c.W.NullArray()
	}
}

// lmpopServe pops from the first non-empty list among a.keys, replying
// [key, [elements]] and logging "LPOP/RPOP key n". served is false when
// every list is empty (nothing replied); ok is false after WRONGTYPE.
func lmpopServe(c *Ctx, a mpopArgs, end listEnd) (served, ok bool) {
	for _, i := range a.keys {
		key := c.Str(i)
		v, ok := listValue(c, key)
		if !ok {
			return false, false
		}
		if v == nil {
			continue
		}
		l := ownList(c, key)
		n := int(min(a.count, int64(l.Len())))
		c.W.Array(2)
		c.W.Bulk(c.Args[i])
		popRangeReply(c, l, end, n)
		listPopped(c, key, l, end, n)
		c.Propagate([]byte(popCommandName(end)), c.Args[i], strconv.AppendInt(nil, int64(n), 10))
		return true, true
	}
	return false, true
}

func popCommandName(e listEnd) string {
	if e == listHead {
		return "LPOP"
	}
	return "RPOP"
}
