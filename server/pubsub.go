package server

import (
	"sort"
	"strconv"

	"github.com/strata-db/strata/engine"
)

// pubsubState maps channels and patterns to subscribers. Only touched
// under the engine lock.
type pubsubState struct {
	channels  map[string]map[*client]struct{}
	patterns  map[string]map[*client]struct{}
	shardChan map[string]map[*client]struct{}
}

func (p *pubsubState) init() {
	p.channels = map[string]map[*client]struct{}{}
	p.patterns = map[string]map[*client]struct{}{}
	p.shardChan = map[string]map[*client]struct{}{}
}

func (cl *client) subCount() int { return len(cl.subs) + len(cl.psubs) }

func (cl *client) updatePubSubFlag() {
	cl.flags.pubsub = len(cl.subs)+len(cl.psubs)+len(cl.ssubs) > 0
}

// subscriptionReply writes a (un)subscribe confirmation as a push.
func subscriptionReply(c *engine.Ctx, kind, name string, count int, isNull bool) {
	c.W.Push(3)
	c.W.BulkString(kind)
	if isNull {
		c.W.Null()
	} else {
		c.W.BulkString(name)
	}
	c.W.Int(int64(count))
}

func (p *pubsubState) add(m map[string]map[*client]struct{}, own map[string]struct{}, cl *client, name string) bool {
	if _, ok := own[name]; ok {
		return false
	}
	own[name] = struct{}{}
	set := m[name]
	if set == nil {
		set = map[*client]struct{}{}
		m[name] = set
	}
	set[cl] = struct{}{}
	return true
}

func (p *pubsubState) del(m map[string]map[*client]struct{}, own map[string]struct{}, cl *client, name string) bool {
	if _, ok := own[name]; !ok {
		return false
	}
	delete(own, name)
	if set := m[name]; set != nil {
		delete(set, cl)
		if len(set) == 0 {
			delete(m, name)
		}
	}
	return true
}

func (p *pubsubState) unsubscribeAll(cl *client) {
	for ch := range cl.subs {
		p.del(p.channels, cl.subs, cl, ch)
	}
	for pat := range cl.psubs {
		p.del(p.patterns, cl.psubs, cl, pat)
	}
	for ch := range cl.ssubs {
		p.del(p.shardChan, cl.ssubs, cl, ch)
	}
	cl.updatePubSubFlag()
}

// publish delivers msg to channel subscribers and matching patterns and
// returns the number of receivers. REQUIRES: the engine lock.
func (s *Server) publish(from *client, channel, msg string) int {
	n := 0
	for cl := range s.pubsub.channels[channel] {
		s.push(from, cl, func(w pushWriter) {
			w.Push(3)
			w.BulkString("message")
			w.BulkString(channel)
			w.BulkString(msg)
		})
		n++
	}
	for pat, set := range s.pubsub.patterns {
		if !engine.GlobMatch(pat, channel, false) {
			continue
		}
		for cl := range set {
			s.push(from, cl, func(w pushWriter) {
				w.Push(4)
				w.BulkString("pmessage")
				w.BulkString(pat)
				w.BulkString(channel)
				w.BulkString(msg)
			})
			n++
		}
	}
	return n
}

func (s *Server) spublish(from *client, channel, msg string) int {
	n := 0
	for cl := range s.pubsub.shardChan[channel] {
		s.push(from, cl, func(w pushWriter) {
			w.Push(3)
			w.BulkString("smessage")
			w.BulkString(channel)
			w.BulkString(msg)
		})
		n++
	}
	return n
}

// pushWriter is the part of resp.Writer a push uses.
type pushWriter interface {
	Push(n int)
	BulkString(s string)
	Array(n int)
	Simple(s string)
}

// push appends an out-of-band message to cl's output. REQUIRES: the engine
// lock; from is the client running the current command (its buffer lock is
// already held).
func (s *Server) push(from, cl *client, fn func(w pushWriter)) {
	if cl != from {
		cl.wmu.Lock()
	}
	fn(&cl.w)
	over := s.outputOverLimit(cl)
	if cl != from {
		cl.wmu.Unlock()
		cl.pushed()
	}
	if over {
		s.log.Warn("client scheduled to be closed ASAP for overcoming of output buffer limits", "addr", cl.addr, "id", cl.id)
		cl.kill()
	}
}

// outputOverLimit applies client-output-buffer-limit's hard limit for the
// client's class. REQUIRES: cl.wmu.
func (s *Server) outputOverLimit(cl *client) bool {
	hard := s.hot.normalHardLim.Load()
	if cl.replica != nil {
		hard = s.hot.replicaHardLim.Load()
	} else if cl.flags.pubsub {
		hard = s.hot.pubsubHardLim.Load()
	}
	return hard > 0 && int64(cl.w.Len()) > hard
}

func init() {
	ps := engine.FlagPubSub | engine.FlagNoScript | engine.FlagLoading | engine.FlagStale
	engine.Register(
		&engine.Command{Name: "subscribe", Arity: -2, Flags: ps, Group: "pubsub", Since: "2.0.0",
			Summary: "Listen for messages published to the given channels", Run: subscribeCommand},
		&engine.Command{Name: "unsubscribe", Arity: -1, Flags: ps, Group: "pubsub", Since: "2.0.0",
			Summary: "Stop listening for messages posted to the given channels", Run: unsubscribeCommand},
		&engine.Command{Name: "psubscribe", Arity: -2, Flags: ps, Group: "pubsub", Since: "2.0.0",
			Summary: "Listen for messages published to channels matching the given patterns", Run: psubscribeCommand},
		&engine.Command{Name: "punsubscribe", Arity: -1, Flags: ps, Group: "pubsub", Since: "2.0.0",
			Summary: "Stop listening for messages posted to channels matching the given patterns", Run: punsubscribeCommand},
		&engine.Command{Name: "ssubscribe", Arity: -2, Flags: ps, FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "pubsub", Since: "7.0.0",
			Summary: "Listen for messages published to the given shard channels", Run: ssubscribeCommand},
		&engine.Command{Name: "sunsubscribe", Arity: -1, Flags: ps, FirstKey: 1, LastKey: -1, KeyStep: 1, Group: "pubsub", Since: "7.0.0",
			Summary: "Stop listening for messages posted to the given shard channels", Run: sunsubscribeCommand},
		&engine.Command{Name: "publish", Arity: 3, Flags: engine.FlagPubSub | engine.FlagLoading | engine.FlagStale | engine.FlagFast | engine.FlagMayReplicate,
			Group: "pubsub", Since: "2.0.0", Summary: "Post a message to a channel", Run: publishCommand},
		&engine.Command{Name: "spublish", Arity: 3, Flags: engine.FlagPubSub | engine.FlagLoading | engine.FlagStale | engine.FlagFast | engine.FlagMayReplicate,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "pubsub", Since: "7.0.0", Summary: "Post a message to a shard channel", Run: spublishCommand},
		&engine.Command{Name: "pubsub", Arity: -2, Group: "pubsub", Since: "2.8.0", Summary: "A container for Pub/Sub commands", Run: containerHelp},
	)
	sub := func(name string, arity int, run func(*engine.Ctx), summary string) {
		engine.RegisterSub("pubsub", &engine.Command{Name: name, Arity: arity,
			Flags: engine.FlagPubSub | engine.FlagLoading | engine.FlagStale, Group: "pubsub", Since: "2.8.0", Summary: summary, Run: run})
	}
	sub("channels", -2, pubsubChannels, "List active channels")
	sub("numsub", -2, pubsubNumsub, "Get the count of subscribers for channels")
	sub("numpat", 2, pubsubNumpat, "Get the count of unique patterns pattern subscriptions")
	sub("shardchannels", -2, pubsubShardChannels, "List active shard channels")
	sub("shardnumsub", -2, pubsubShardNumsub, "Get the count of subscribers for shard channels")
	sub("help", 2, pubsubHelp, "Show helpful text about the different subcommands")
}

func subscribeGeneric(c *engine.Ctx, kind string, m func(*Server) map[string]map[*client]struct{}, own func(*client) map[string]struct{}, count func(*client) int) {
	cl := c.Client.(*client)
	s := cl.s
	if cl.multi != nil || c.NoBlock {
		// Inside MULTI Redis refuses (P)SUBSCRIBE in 7.0 for RESP2 clients.
	}
	for i := 1; i < len(c.Args); i++ {
		s.pubsub.add(m(s), own(cl), cl, c.Key(i))
		cl.updatePubSubFlag()
		subscriptionReply(c, kind, c.Key(i), count(cl), false)
	}
}

func unsubscribeGeneric(c *engine.Ctx, kind string, m func(*Server) map[string]map[*client]struct{}, own func(*client) map[string]struct{}, count func(*client) int) {
	cl := c.Client.(*client)
	s := cl.s
	names := make([]string, 0, len(c.Args))
	if len(c.Args) == 1 {
		for n := range own(cl) {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) == 0 {
			subscriptionReply(c, kind, "", count(cl), true)
			return
		}
	} else {
		for i := 1; i < len(c.Args); i++ {
			names = append(names, c.Key(i))
		}
	}
	for _, n := range names {
		s.pubsub.del(m(s), own(cl), cl, n)
		cl.updatePubSubFlag()
		subscriptionReply(c, kind, n, count(cl), false)
	}
}

func chans(s *Server) map[string]map[*client]struct{}  { return s.pubsub.channels }
func pats(s *Server) map[string]map[*client]struct{}   { return s.pubsub.patterns }
func shards(s *Server) map[string]map[*client]struct{} { return s.pubsub.shardChan }
func ownSubs(cl *client) map[string]struct{}           { return cl.subs }
func ownPsubs(cl *client) map[string]struct{}          { return cl.psubs }
func ownSsubs(cl *client) map[string]struct{}          { return cl.ssubs }
func shardCount(cl *client) int                        { return len(cl.ssubs) }

func subscribeCommand(c *engine.Ctx) {
	if refuseInMulti(c) {
		return
	}
	subscribeGeneric(c, "subscribe", chans, ownSubs, (*client).subCount)
}
func unsubscribeCommand(c *engine.Ctx) {
	unsubscribeGeneric(c, "unsubscribe", chans, ownSubs, (*client).subCount)
}
func psubscribeCommand(c *engine.Ctx) {
	if refuseInMulti(c) {
		return
	}
	subscribeGeneric(c, "psubscribe", pats, ownPsubs, (*client).subCount)
}
func punsubscribeCommand(c *engine.Ctx) {
	unsubscribeGeneric(c, "punsubscribe", pats, ownPsubs, (*client).subCount)
}
func ssubscribeCommand(c *engine.Ctx) {
	if refuseInMulti(c) {
		return
	}
	subscribeGeneric(c, "ssubscribe", shards, ownSsubs, shardCount)
}
func sunsubscribeCommand(c *engine.Ctx) {
	unsubscribeGeneric(c, "sunsubscribe", shards, ownSsubs, shardCount)
}

// refuseInMulti: Redis 7.0 does not allow subscribing inside MULTI for
// RESP2 clients, since the replies could not be told apart.
func refuseInMulti(c *engine.Ctx) bool {
	if c.NoBlock && c.W.Proto == 2 {
		c.W.Error("ERR " + c.Cmd.Name + " isn't allowed for a DENY BLOCKING client")
		return true
	}
	return false
}

func publishCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	c.W.Int(int64(cl.s.publish(cl, c.Key(1), c.Key(2))))
}

func spublishCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	c.W.Int(int64(cl.s.spublish(cl, c.Key(1), c.Key(2))))
}

func pubsubChannels(c *engine.Ctx) { listChannels(c, chans(c.Client.(*client).s)) }

func pubsubShardChannels(c *engine.Ctx) { listChannels(c, shards(c.Client.(*client).s)) }

func listChannels(c *engine.Ctx, m map[string]map[*client]struct{}) {
	pat := ""
	if len(c.Args) > 2 {
		pat = c.Key(2)
	}
	var out []string
	for ch := range m {
		if pat == "" || engine.GlobMatch(pat, ch, false) {
			out = append(out, ch)
		}
	}
	sort.Strings(out)
	c.W.StringArray(out)
}

func pubsubNumsub(c *engine.Ctx) { numsub(c, chans(c.Client.(*client).s)) }

func pubsubShardNumsub(c *engine.Ctx) { numsub(c, shards(c.Client.(*client).s)) }

func numsub(c *engine.Ctx, m map[string]map[*client]struct{}) {
	c.W.Map(len(c.Args) - 2)
	for i := 2; i < len(c.Args); i++ {
		c.W.BulkString(c.Key(i))
		c.W.Int(int64(len(m[c.Str(i)])))
	}
}

func pubsubNumpat(c *engine.Ctx) {
	c.W.Int(int64(len(c.Client.(*client).s.pubsub.patterns)))
}

func pubsubHelp(c *engine.Ctx) {
	writeHelp(c, "PUBSUB",
		"CHANNELS [<pattern>]",
		"    Return the currently active channels matching a <pattern> (default: '*').",
		"NUMPAT",
		"    Return number of subscriptions to patterns.",
		"NUMSUB [<channel> ...]",
		"    Return the number of subscribers for the specified channels, excluding",
		"    pattern subscriptions(default: no channels).",
		"SHARDCHANNELS [<pattern>]",
		"    Return the currently active shard level channels matching a <pattern> (default: '*').",
		"SHARDNUMSUB [<shardchannel> ...]",
		"    Return the number of subscribers for the specified shard level channel(s)")
}

// writeHelp writes a HELP reply the way Redis's addReplyHelp does.
func writeHelp(c *engine.Ctx, cmd string, lines ...string) {
	c.W.Array(len(lines) + 2)
	c.W.Simple(cmd + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range lines {
		c.W.Simple(l)
	}
	c.W.Simple("HELP")
	c.W.Simple("    Print this help.")
}

// containerHelp answers a container command called without a subcommand.
func containerHelp(c *engine.Ctx) {
	c.W.Error("ERR wrong number of arguments for '" + c.Cmd.Name + "' command")
}

var _ = strconv.Itoa
