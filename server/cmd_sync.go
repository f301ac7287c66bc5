package server

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/strata-db/strata/aof"
	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/rdb"
)

// SYNC and PSYNC attach a client to the stream of effects, the way a
// replica attaches to a Redis master: a full RDB image of a snapshot, then
// every effect as RESP, starting with a SELECT. There is no backlog and no
// partial resynchronisation yet (PSYNC always answers FULLRESYNC); Redis's
// test suite and tools that read the replication stream use this, and it
// is the seed of replication.

func init() {
	flags := engine.FlagAdmin | engine.FlagNoScript | engine.FlagNoMulti
	engine.Register(
		&engine.Command{Name: "sync", Arity: 1, Flags: flags, Group: "server", Since: "1.0.0",
			Summary: "Internal command used for replication", Run: syncCommand},
		&engine.Command{Name: "psync", Arity: -3, Flags: flags, Group: "server", Since: "2.8.0",
			Summary: "Internal command used for replication", Run: syncCommand},
		&engine.Command{Name: "replconf", Arity: -1, Flags: engine.FlagAdmin | engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagAllowBusy,
			Group: "server", Since: "3.0.0", Summary: "An internal command for configuring the replication stream", Run: replconfCommand},
	)
}

// replicaFeed is the stream state of one attached replica.
type replicaFeed struct {
	enc *aof.Encoder
	buf []byte
}

func syncCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	s := cl.s
	if cl.replica != nil {
		return
	}
	// NB: the image is taken and written under the writer order, so the
	// stream that follows starts exactly after it. Serializing a large
	// dataset here stalls the server; a background writer with a buffered
	// tail is the way to do better.
	snap := c.E.Snapshot()
	if cl.syncFunctionsOnly {
		for i := range snap.DBs {
			snap.DBs[i] = engine.DBView{ID: i}
		}
	}
	var img bytes.Buffer
	opts := rdb.WriteOptions{Encoder: rdb.EncoderOptionsFor(c.E.Config(), s.cfg.Bool("rdbcompression"), s.cfg.Bool("rdbchecksum")),
		Functions: s.functionSources()}
	if err := rdb.WriteSnapshot(&img, snap, opts); err != nil {
		c.W.Error("ERR can't produce the snapshot for SYNC: " + err.Error())
		return
	}
	if c.Is(0, "PSYNC") {
		c.W.Simple(fmt.Sprintf("FULLRESYNC %s %d", s.runID, snap.LSN))
	}
	c.W.Raw([]byte(fmt.Sprintf("$%d\r\n", img.Len())))
	c.W.Raw(img.Bytes())
	cl.replica = &replicaFeed{enc: aof.NewEncoder(false, s.now)}
	s.replicas[cl] = struct{}{}
	s.updateLogging()
}

func replconfCommand(c *engine.Ctx) {
	if len(c.Args) >= 2 && c.Is(1, "ACK") {
		return // acknowledgements get no reply
	}
	for i := 1; i+1 < len(c.Args); i += 2 {
		if c.Is(i, "rdb-filter-only") {
			// redis-cli --functions-rdb: an image of the functions only.
			c.Client.(*client).syncFunctionsOnly = strings.EqualFold(c.Str(i+1), "functions")
		}
	}
	c.W.OK()
}

// feedReplicas sends effects to every attached replica. REQUIRES: the
// engine lock.
func (s *Server) feedReplicas(effects []engine.Effect) {
	for r := range s.replicas {
		f := r.replica
		f.buf, _ = f.enc.AppendBatch(f.buf[:0], effects)
		data := f.buf
		s.push(nil, r, func(w pushWriter) { w.(rawWriter).Raw(data) })
	}
}

type rawWriter interface{ Raw(p []byte) }
