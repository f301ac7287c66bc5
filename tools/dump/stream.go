package dump

import (
	"fmt"
	"io"
	"strconv"

	"github.com/strata-db/strata/rdb"
)

func idText(id rdb.StreamID) string { return fmt.Sprintf("%d-%d", id.Ms, id.Seq) }

// writeStream recreates a stream: its entries, its last ID and counters,
// its consumer groups. NB: pending entries and consumers are not
// recreated (no plain command sets them without reading).
func writeStream(r *respWriter, key string, s *rdb.Stream) {
	if len(s.Entries) == 0 {
		// An empty stream still exists: create it with one entry trimmed
		// away at once, then set its IDs.
		r.command("XADD", key, "MAXLEN", "0", idText(s.LastID), "", "")
	}
	for _, e := range s.Entries {
		args := []string{"XADD", key, idText(e.ID)}
		for _, fv := range e.Fields {
			args = append(args, fv.Field, fv.Value)
		}
		r.command(args...)
	}
	r.command("XSETID", key, idText(s.LastID), "ENTRIESADDED", strconv.FormatUint(s.EntriesAdded, 10),
		"MAXDELETEDID", idText(s.MaxDeletedID))
	for _, g := range s.Groups {
		args := []string{"XGROUP", "CREATE", key, g.Name, idText(g.LastDeliveredID)}
		if g.EntriesRead >= 0 {
			args = append(args, "ENTRIESREAD", strconv.FormatInt(g.EntriesRead, 10))
		}
		r.command(args...)
	}
}

// tickReader reports read progress.
type tickReader struct {
	r    io.Reader
	n    int64
	size int64
	tick func(offset, size int64)
}

func (t *tickReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.n += int64(n)
	if t.tick != nil {
		t.tick(t.n, t.size)
	}
	return n, err
}
