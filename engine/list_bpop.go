package engine

import "slices"

func init() {
	Register(
		&Command{Name: "blpop", Arity: -3, Flags: FlagWrite | FlagBlocking,
			FirstKey: 1, LastKey: -2, KeyStep: 1, Group: "list", Since: "2.0.0",
			Summary: "Remove and get the first element in a list, or block until one is available",
			Run:     func(c *Ctx) { bpopCommand(c, listHead) }},
		&Command{Name: "brpop", Arity: -3, Flags: FlagWrite | FlagBlocking,
			FirstKey: 1, LastKey: -2, KeyStep: 1, Group: "list", Since: "2.0.0",
			Summary: "Remove and get the last element in a list, or block until one is available",
			Run:     func(c *Ctx) { bpopCommand(c, listTail) }},
	)
}

// bpopCommand is BLPOP and BRPOP: pop from the first non-empty list and
// log it as the LPOP/RPOP it was, or block on every key.
func bpopCommand(c *Ctx, end listEnd) {
	deadline, ok := c.Timeout(len(c.Args) - 1)
	if !ok {
		return
	}
	for i := 1; i < len(c.Args)-1; i++ {
		key := c.Str(i)
		v, ok := listValue(c, key)
		if !ok {
			return
		}
		if v == nil {
			continue
		}
		l := ownList(c, key)
		elem := l.pop(c.Gen(), end)
		c.W.Array(2)
		c.W.Bulk(c.Args[i])
		c.W.Bulk(elem)
		listPopped(c, key, l, end, 1)
		c.Propagate([]byte(popCommandName(end)), c.Args[i])
		return
	}
	blockOrTimeout(c, deadline, c.W.NullArray, 1, len(c.Args)-1)
}

// blockOrTimeout blocks on the keys at argument positions [from, to), or,
// when the client may not block (MULTI, scripts), answers at once with
// the timeout reply.
func blockOrTimeout(c *Ctx, deadline int64, timeout func(), from, to int) {
	if !c.CanBlock() {
		timeout()
		return
	}
	keys := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		if !slices.Contains(keys, c.Str(i)) { // Redis waits once per key
			keys = append(keys, c.Key(i))
		}
	}
	c.Block(deadline, keys...)
}
