//go:build interop

package interop

import (
	"bytes"
	"flag"
	"log/slog"
	"testing"
	"time"

	"github.com/strata-db/strata/tools/torture"
)

var tortureSeed = flag.Uint64("torture-seed", 0, "seed of the torture trials (0 picks one; logged)")

// TestTorture runs the crash-recovery harness with appendfsync always
// against redis-server 7.0.15 and against strata: every acknowledged write
// must survive kill -9 (also during BGSAVE and BGREWRITEAOF), transactions
// must be all or nothing, and torn tails must load as a consistent prefix.
// The logged tables show the operations checked and lost.
func TestTorture(t *testing.T) {
	servers := map[string]string{
		"redis":  "redis-server --bind 127.0.0.1 --port {port} --dir {dir} --appendonly yes --appendfsync {fsync} --save ''",
		"strata": strataBin + " server --bind 127.0.0.1 --port {port} --dir {dir} --appendonly yes --appendfsync {fsync} --save ''",
	}
	for _, name := range []string{"redis", "strata"} {
		t.Run(name, func(t *testing.T) {
			torn := 3
			if name == "redis" {
				needRedis(t)
				// NB: one torn trial only, and the last: Redis 7.0.15 cuts a
				// tail torn inside a MULTI block after the last complete
				// command, not before MULTI, and a later restart then loses
				// or resurrects writes (TestTornTailInsideMulti). A second
				// torn trial finds that about one run in five.
				torn = 1
			}
			var log bytes.Buffer
			res, err := torture.Run(torture.Options{
				ServerCmd: servers[name], Fsync: "always", Trials: 8, Torn: torn, Clients: 4,
				MaxRun: 500 * time.Millisecond, Seed: *tortureSeed, Dir: t.TempDir(),
				Log: slog.New(slog.NewTextHandler(&log, nil)),
			})
			if err != nil {
				t.Fatalf("torture could not run: %v\n%s", err, log.String())
			}
			var table bytes.Buffer
			res.WriteTable(&table)
			t.Logf("seed %d (-torture-seed)\n%s", res.Seed, table.String())
			if !res.Passed() {
				t.Errorf("torture failed against %s", name)
			}
		})
	}
}
