//go:build interop

package interop

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// python finds an interpreter that can import redis (Debian's python3-redis
// lives under /usr/bin/python3, which a PATH python may shadow).
func python(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if err := exec.Command(py, "-c", "import redis").Run(); err == nil {
			return py
		}
	}
	need(t, fmt.Errorf("no python3 with the redis module (apt install python3-redis)"))
	return ""
}

// pyPrelude connects to the server given as argv[1], argv[2].
const pyPrelude = `
import sys, redis
r = redis.Redis(host=sys.argv[1], port=int(sys.argv[2]), decode_responses=True)
def check(cond, what):
    if not cond:
        raise SystemExit("FAIL: " + what)
`

var pyScripts = []struct{ name, script string }{
	{"handshake", `
check(r.ping() is True, "ping")
check(r.client_setname("py") is True, "client setname")
check(r.client_getname() == "py", "client getname")
check(r.set("k", "v") is True and r.get("k") == "v", "set/get")
check(r.get("missing") is None, "get missing")
check(r.echo("hi") == "hi", "echo")
info = r.info("server")
check(info["redis_version"].startswith("7.0"), "INFO redis_version: %r" % info.get("redis_version"))
check(r.dbsize() == 1, "dbsize")
`},
	{"pipeline", `
p = r.pipeline(transaction=False)
for i in range(300):
    p.set("k%d" % i, i)
    p.incr("n")
p.get("k299")
res = p.execute()
check(len(res) == 601 and res[-2] == 300 and res[-1] == "299", "pipeline results %r" % res[-3:])
p = r.pipeline(transaction=False)
p.set("s", "x").incr("s").get("s")
res = p.execute(raise_on_error=False)
check(isinstance(res[1], redis.ResponseError) and res[2] == "x", "error inside pipeline %r" % res)
`},
	{"transaction-watch", `
r.set("balance", 100)
def spend(pipe):
    b = int(pipe.get("balance"))
    pipe.multi()
    pipe.set("balance", b - 30)
res = r.transaction(spend, "balance")
check(res == [True] and r.get("balance") == "70", "transaction %r" % res)
other = redis.Redis(host=sys.argv[1], port=int(sys.argv[2]), decode_responses=True)
with r.pipeline() as pipe:
    pipe.watch("balance")
    other.set("balance", 0)
    pipe.multi()
    pipe.set("balance", 1000)
    try:
        pipe.execute()
        raise SystemExit("FAIL: EXEC after a conflicting write succeeded")
    except redis.WatchError:
        pass
check(r.get("balance") == "0", "balance after WatchError")
with r.pipeline() as pipe:
    pipe.set("a", 1).incr("a").lpush("a", "x")
    res = pipe.execute(raise_on_error=False)
check(res[:2] == [True, 2] and isinstance(res[2], redis.ResponseError), "MULTI with a runtime error %r" % res)
`},
	{"pubsub", `
import time
ps = r.pubsub()
ps.subscribe("ch")
ps.psubscribe("p.*")
def next_message():
    for _ in range(100):
        m = ps.get_message(timeout=0.1)
        if m is not None:
            return m
    raise SystemExit("FAIL: no message")
check(next_message()["type"] == "subscribe", "subscribe confirmation")
check(next_message()["type"] == "psubscribe", "psubscribe confirmation")
check(r.publish("ch", "one") == 1, "publish ch")
check(r.publish("p.x", "two") == 1, "publish p.x")
m1, m2 = next_message(), next_message()
check((m1["type"], m1["channel"], m1["data"]) == ("message", "ch", "one"), "message %r" % m1)
check((m2["type"], m2["pattern"], m2["channel"], m2["data"]) == ("pmessage", "p.*", "p.x", "two"), "pmessage %r" % m2)
check(r.pubsub_numsub("ch") == [("ch", 1)], "numsub")
ps.unsubscribe("ch")
check(next_message()["type"] == "unsubscribe", "unsubscribe confirmation")
check(r.publish("ch", "gone") == 0, "publish after unsubscribe")
ps.close()
`},
	{"scan-iter", `
for i in range(1200):
    r.set("key:%d" % i, i)
r.hset("hash", mapping={"f%d" % i: i for i in range(300)})
keys = set(r.scan_iter(match="key:*", count=37))
check(len(keys) == 1200, "scan_iter found %d keys" % len(keys))
fields = dict(r.hscan_iter("hash", match="f1*"))
check(len(fields) == len([i for i in range(300) if str(i).startswith("1")]), "hscan_iter found %d" % len(fields))
`},
}

func TestRedisPy(t *testing.T) {
	py := python(t)
	for _, s := range pyScripts {
		t.Run(s.name, func(t *testing.T) {
			bothServers(t, func(t *testing.T, p *proc) {
				out, err := runCmd(t, nil, py, "-c", pyPrelude+s.script, "127.0.0.1", fmt.Sprint(p.port))
				if err != nil {
					t.Fatalf("%v\n%s", err, strings.TrimSpace(out))
				}
			})
		})
	}
}
