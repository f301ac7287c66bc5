package server

import "github.com/strata-db/strata/engine"

// redisNoScript lists the commands Redis 7.0.15 flags noscript. Scripts
// are refused exactly these; init makes sure the table says so for every
// one that exists here (COMMAND INFO then agrees with Redis as well).
var redisNoScript = []string{
	"auth", "hello", "quit", "reset", "wait", "blmove", "blpop", "brpop", "brpoplpush",
	"psubscribe", "punsubscribe", "ssubscribe", "subscribe", "sunsubscribe", "unsubscribe",
	"eval", "evalsha", "evalsha_ro", "eval_ro", "fcall", "fcall_ro", "bgrewriteaof", "bgsave",
	"debug", "failover", "monitor", "psync", "replconf", "replicaof", "role", "save",
	"shutdown", "slaveof", "sync", "bzpopmax", "bzpopmin", "discard", "exec", "multi",
	"unwatch", "watch",
	"cluster|reset", "client|caching", "client|getname", "client|getredir", "client|id",
	"client|info", "client|kill", "client|list", "client|no-evict", "client|pause",
	"client|reply", "client|setname", "client|tracking", "client|trackinginfo",
	"client|unblock", "client|unpause", "config|get", "config|resetstat", "config|rewrite",
	"config|set", "latency|doctor", "latency|graph", "latency|histogram", "latency|history",
	"latency|latest", "latency|reset", "module|list", "module|load", "module|loadex",
	"module|unload", "acl|cat", "acl|deluser", "acl|dryrun", "acl|genpass", "acl|getuser",
	"acl|list", "acl|load", "acl|log", "acl|save", "acl|setuser", "acl|users", "acl|whoami",
}

// NB: this init must run after every registration in this package; Go
// runs a package's init functions in file name order, and no file after
// this one registers commands.
func init() {
	for _, name := range redisNoScript {
		if cmd := lookupName(name); cmd != nil {
			cmd.Flags |= engine.FlagNoScript
		}
	}
}

// lookupName finds "cmd" or "container|sub" in the table.
func lookupName(name string) *engine.Command {
	for i := 0; i < len(name); i++ {
		if name[i] == '|' {
			parent := engine.Table(name[:i])
			if parent == nil {
				return nil
			}
			return parent.LookupSub([]byte(name[i+1:]))
		}
	}
	return engine.Table(name)
}
