package engine

import (
	"sort"
	"strings"
)

// Flag is a command flag as COMMAND INFO reports it.
type Flag uint32

const (
	FlagWrite Flag = 1 << iota
	FlagReadOnly
	FlagDenyOOM
	FlagAdmin
	FlagPubSub
	FlagNoScript
	FlagBlocking
	FlagLoading
	FlagStale
	FlagSkipMonitor
	FlagSkipSlowlog
	FlagFast
	FlagNoAuth
	FlagMayReplicate
	FlagNoMulti
	FlagAllowBusy
	FlagMovableKeys
	FlagNoMandatoryKeys
	FlagProtected
)

var flagNames = []struct {
	f    Flag
	name string
}{
	{FlagWrite, "write"}, {FlagReadOnly, "readonly"}, {FlagDenyOOM, "denyoom"},
	{FlagAdmin, "admin"}, {FlagPubSub, "pubsub"}, {FlagNoScript, "noscript"},
	{FlagBlocking, "blocking"}, {FlagLoading, "loading"}, {FlagStale, "stale"},
	{FlagSkipMonitor, "skip_monitor"}, {FlagSkipSlowlog, "skip_slowlog"},
	{FlagFast, "fast"}, {FlagNoAuth, "no_auth"}, {FlagMayReplicate, "may_replicate"},
	{FlagNoMulti, "no_multi"}, {FlagAllowBusy, "allow_busy"},
	{FlagMovableKeys, "movablekeys"}, {FlagNoMandatoryKeys, "no_mandatory_keys"},
	{FlagProtected, "protected"},
}

// Names returns the flag names in COMMAND INFO order.
func (f Flag) Names() []string {
	var out []string
	for _, fn := range flagNames {
		if f&fn.f != 0 {
			out = append(out, fn.name)
		}
	}
	return out
}

// Command describes one command: the single table that drives dispatch,
// COMMAND, and key extraction.
type Command struct {
	Name  string // lower case; for subcommands "container|sub"
	Arity int    // Redis convention: n exact, -n at least n (name included)
	Flags Flag
	// Key positions: FirstKey 0 means no keys; LastKey -1 means the last
	// argument, -2 the one before, and so on.
	FirstKey, LastKey, KeyStep int
	// Keys extracts key positions for commands whose keys move (numkeys
	// arguments); it overrides FirstKey/LastKey/KeyStep.
	Keys    func(args [][]byte) []int
	Group   string // generic, string, list, set, sorted-set, hash, pubsub, transactions, connection, server, ...
	Summary string
	Since   string
	Run     func(c *Ctx)
	// Sub holds subcommands of container commands (CONFIG, CLIENT, ...).
	Sub map[string]*Command
}

var table = map[string]*Command{}

// Register adds commands to the table. It panics on a duplicate name: the
// table is built at init and a duplicate is a programming error.
func Register(cmds ...*Command) {
	for _, c := range cmds {
		if _, dup := table[c.Name]; dup {
			panic("engine: duplicate command " + c.Name)
		}
		table[c.Name] = c
	}
}

// RegisterSub adds a subcommand to the container command parent.
func RegisterSub(parent string, sub *Command) {
	p := table[parent]
	if p == nil {
		panic("engine: no container command " + parent)
	}
	if p.Sub == nil {
		p.Sub = map[string]*Command{}
	}
	sub.Name = parent + "|" + sub.Name
	p.Sub[strings.TrimPrefix(sub.Name, parent+"|")] = sub
}

// Lookup finds a command by name, ignoring case, without allocating.
func Lookup(name []byte) *Command {
	var buf [32]byte
	if len(name) > len(buf) {
		return table[strings.ToLower(string(name))]
	}
	for i, c := range name {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return table[string(buf[:len(name)])]
}

// LookupArgv finds the command a request names: argv[0], and argv[1]
// for a command with subcommands. nil when there is none.
func LookupArgv(argv [][]byte) *Command {
	cmd := Lookup(argv[0])
	if cmd != nil && cmd.Sub != nil && len(argv) >= 2 {
		cmd = cmd.LookupSub(argv[1])
	}
	return cmd
}

// LookupSub finds a subcommand of c, ignoring case.
func (c *Command) LookupSub(name []byte) *Command {
	if c.Sub == nil {
		return nil
	}
	return c.Sub[strings.ToLower(string(name))]
}

// Commands returns every top-level command sorted by name.
func Commands() []*Command {
	out := make([]*Command, 0, len(table))
	for _, c := range table {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// CheckArity reports whether n arguments (name included) fit the arity.
func (c *Command) CheckArity(n int) bool {
	if c.Arity >= 0 {
		return n == c.Arity
	}
	return n >= -c.Arity
}

// KeyPositions returns the indexes of the key arguments in args.
func (c *Command) KeyPositions(args [][]byte) []int {
	if c.Keys != nil {
		return c.Keys(args)
	}
	if c.FirstKey <= 0 || c.FirstKey >= len(args) {
		return nil
	}
	last := c.LastKey
	if last < 0 {
		last = len(args) + last
	}
	step := c.KeyStep
	if step <= 0 {
		step = 1
	}
	var out []int
	for i := c.FirstKey; i <= last && i < len(args); i += step {
		out = append(out, i)
	}
	return out
}

// Table returns the registered top-level command name, or nil.
func Table(name string) *Command { return table[name] }
