package rdb

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/resp"
)

// testEngine returns an engine on a fixed clock that tests may move.
func testEngine(now *time.Time) *engine.Engine {
	return engine.New(engine.Options{Now: func() time.Time { return *now }})
}

// exec runs one command in db and returns its raw reply.
func exec(e *engine.Engine, db int, args ...string) string {
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	cmd := engine.Lookup(argv[0])
	if cmd == nil {
		panic("unknown command " + args[0])
	}
	w := resp.NewWriter()
	e.Lock()
	defer e.Unlock()
	e.Exec(&engine.Ctx{DB: e.DB(db), Cmd: cmd, Args: argv, W: w})
	return string(w.Bytes())
}

func mustExec(t testing.TB, e *engine.Engine, db int, args ...string) {
	t.Helper()
	if r := exec(e, db, args...); strings.HasPrefix(r, "-") {
		t.Fatalf("%v: %s", args, r)
	}
}

// randomDataset fills e with keys of every type in every encoding Redis
// 7.0 has for them (small and big), some with expiries in the future, in
// several databases.
func randomDataset(t testing.TB, e *engine.Engine, rng *rand.Rand, keys int) {
	t.Helper()
	for i := 0; i < keys; i++ {
		db := rng.IntN(4)
		key := fmt.Sprintf("k:%d:%d", i, rng.IntN(1000))
		switch rng.IntN(5) {
		case 0:
			mustExec(t, e, db, "SET", key, randString(rng))
		case 1:
			args := []string{"RPUSH", key}
			for n := sizeOf(rng, 2000); n > 0; n-- {
				args = append(args, randString(rng))
			}
			mustExec(t, e, db, args...)
		case 2:
			args := []string{"SADD", key}
			ints := rng.IntN(2) == 0
			for n := sizeOf(rng, 700); n > 0; n-- {
				if ints {
					args = append(args, strconv.Itoa(rng.IntN(1_000_000)-500_000))
				} else {
					args = append(args, randString(rng))
				}
			}
			mustExec(t, e, db, args...)
		case 3:
			args := []string{"ZADD", key}
			for n := sizeOf(rng, 300); n > 0; n-- {
				args = append(args, randScore(rng), randString(rng))
			}
			mustExec(t, e, db, args...)
		case 4:
			args := []string{"HSET", key}
			for n := sizeOf(rng, 700); n > 0; n-- {
				args = append(args, randString(rng), randString(rng))
			}
			mustExec(t, e, db, args...)
		}
		if rng.IntN(4) == 0 {
			mustExec(t, e, db, "PEXPIRE", key, strconv.Itoa(10_000+rng.IntN(1_000_000)))
		}
	}
}

// sizeOf picks a collection size: mostly small, sometimes past the
// compact-encoding thresholds.
func sizeOf(rng *rand.Rand, big int) int {
	if rng.IntN(6) == 0 {
		return big/2 + rng.IntN(big)
	}
	return 1 + rng.IntN(20)
}

func randString(rng *rand.Rand) string {
	switch rng.IntN(6) {
	case 0:
		return strconv.Itoa(rng.IntN(100000) - 500)
	case 1:
		return strconv.FormatInt(rng.Int64(), 10)
	case 2:
		return strings.Repeat("x", 60+rng.IntN(20)) // around the 64-byte limit
	case 3:
		return strings.Repeat("ab", 10+rng.IntN(200)) // compressible
	}
	b := make([]byte, rng.IntN(16))
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return string(b)
}

func randScore(rng *rand.Rand) string {
	switch rng.IntN(4) {
	case 0:
		return strconv.Itoa(rng.IntN(100) - 50)
	case 1:
		return "inf"
	}
	return strconv.FormatFloat(rng.NormFloat64()*1e6, 'g', -1, 64)
}

// keyInfo is what tests compare per key after a round trip.
type keyInfo struct {
	encoding string
	expire   int64
	digest   string
}

// keysOf lists every key of e with its encoding, expiry and value digest.
func keysOf(e *engine.Engine) map[string]keyInfo {
	e.Lock()
	defer e.Unlock()
	out := map[string]keyInfo{}
	for db := 0; db < e.NumDBs(); db++ {
		e.DB(db).Range(func(key string, v *engine.Value) bool {
			out[fmt.Sprintf("%d/%q", db, key)] = keyInfo{v.Encoding(), v.ExpireAt(), e.DigestValue(db, key)[0]}
			return true
		})
	}
	return out
}

func sameKeys(t testing.TB, got, want map[string]keyInfo) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d keys, want %d", len(got), len(want))
	}
	bad := 0
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			if bad++; bad < 10 {
				t.Errorf("key %s: got %+v (present %v), want %+v", k, g, ok, w)
			}
		}
	}
}
