package engine

// NotifyClass is a class of keyspace events (notify-keyspace-events).
type NotifyClass uint16

const (
	NotifyKeyspace NotifyClass = 1 << iota // K
	NotifyKeyevent                         // E
	NotifyGeneric                          // g
	NotifyString                           // $
	NotifyList                             // l
	NotifySet                              // s
	NotifyHash                             // h
	NotifyZSet                             // z
	NotifyExpired                          // x
	NotifyEvicted                          // e
	NotifyStream                           // t
	NotifyKeyMiss                          // m
	NotifyModule                           // d
	NotifyNew                              // n
)

// NotifyAll is the A alias: g$lshzxet.
const NotifyAll = NotifyGeneric | NotifyString | NotifyList | NotifySet | NotifyHash |
	NotifyZSet | NotifyExpired | NotifyEvicted | NotifyStream | NotifyModule

var notifyChars = []struct {
	c     byte
	class NotifyClass
}{
	{'g', NotifyGeneric}, {'$', NotifyString}, {'l', NotifyList}, {'s', NotifySet},
	{'h', NotifyHash}, {'z', NotifyZSet}, {'x', NotifyExpired}, {'e', NotifyEvicted},
	{'t', NotifyStream}, {'m', NotifyKeyMiss}, {'d', NotifyModule}, {'n', NotifyNew},
	{'K', NotifyKeyspace}, {'E', NotifyKeyevent},
}

// ParseNotifyClasses parses a notify-keyspace-events string.
func ParseNotifyClasses(s string) (NotifyClass, bool) {
	var f NotifyClass
	for i := 0; i < len(s); i++ {
		if s[i] == 'A' {
			f |= NotifyAll
			continue
		}
		found := false
		for _, nc := range notifyChars {
			if nc.c == s[i] {
				f |= nc.class
				found = true
			}
		}
		if !found {
			return 0, false
		}
	}
	return f, true
}

// String renders the classes as CONFIG GET shows them.
func (f NotifyClass) String() string {
	var b []byte
	if f&NotifyAll == NotifyAll {
		b = append(b, 'A')
	} else {
		for _, nc := range notifyChars[:len(notifyChars)-2] {
			if f&nc.class != 0 && nc.class&NotifyAll != 0 {
				b = append(b, nc.c)
			}
		}
	}
	for _, nc := range notifyChars {
		if f&nc.class != 0 && nc.class&NotifyAll == 0 {
			b = append(b, nc.c)
		}
	}
	return string(b)
}

func (e *Engine) notify(db int, class NotifyClass, event, key string) {
	if e.opts.Notify != nil {
		e.opts.Notify(db, class, event, key)
	}
}

// Notify raises a keyspace event for key in the command's database.
func (c *Ctx) Notify(class NotifyClass, event string, key string) {
	c.E.notify(c.DB.id, class, event, key)
}

// KeyReady tells blocked clients that key may now serve them. key may alias
// the request: the hook copies what it keeps.
func (c *Ctx) KeyReady(key string) {
	if c.E.opts.KeyReady != nil {
		c.E.opts.KeyReady(c.DB.id, key)
	}
}
