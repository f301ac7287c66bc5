package torture

import (
	"fmt"
	"maps"
	"time"

	"github.com/strata-db/strata/tools/rclient"
)

// check compares the recovered server with the ledgers and with every
// earlier trial's settled keys.
func (h *harness) check(t *Trial, ledgers []*clientLedger, killAt time.Time, torn bool) {
	c, err := rclient.Dial(h.srv.addr(), 5*time.Second)
	if err != nil {
		t.Err = "connect after restart: " + err.Error()
		return
	}
	defer c.Close()
	for _, l := range ledgers {
		if err := h.checkClient(c, t, l, killAt, torn); err != nil {
			t.Err = err.Error()
			return
		}
	}
	for k, want := range h.settled {
		got, err := readKey(c, k)
		if err != nil || got != want {
			t.Err = fmt.Sprintf("key %s of an earlier trial changed: %q, verified as %q (%v)", k, got, want, err)
			return
		}
		t.Keys++
	}
	if t.Lost > 0 && h.opts.Fsync == "always" && !torn {
		t.Err = fmt.Sprintf("appendfsync always lost %d acknowledged operations", t.Lost)
	}
	if h.opts.Fsync == "everysec" && !torn && t.Window > h.opts.MaxWindow {
		t.Err = fmt.Sprintf("everysec lost writes acknowledged %v before the kill (limit %v)", t.Window, h.opts.MaxWindow)
	}
}

// checkClient finds the prefixes of the client's ledger that explain what
// the server holds and scores the longest.
func (h *harness) checkClient(c *rclient.Client, t *Trial, l *clientLedger, killAt time.Time, torn bool) error {
	state, err := readState(c, l)
	if err != nil {
		return fmt.Errorf("reading %s*: %w", l.prefix, err)
	}
	t.Keys += len(state)
	valid := prefixes(l, state)
	if len(valid) == 0 {
		return fmt.Errorf("keys %s* match no prefix of the client's %d operations (partial transaction, reordering or corruption)",
			l.prefix, len(l.ops))
	}
	k := valid[len(valid)-1]
	for i, o := range l.ops {
		t.Attempted++
		if !o.acked {
			continue
		}
		t.Acked++
		if i < k {
			t.Checked++
			continue
		}
		t.Lost++
		t.Window = max(t.Window, killAt.Sub(o.ackAt))
	}
	maps.Copy(h.settled, state)
	return nil
}
