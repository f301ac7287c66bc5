package torture

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/strata-db/strata/aof"
)

// tailMark is the last AOF file and its size when a trial started: a torn
// trial cuts only what the trial wrote, so earlier trials' keys stay.
type tailMark struct {
	path string
	size int64
}

func (h *harness) lastAOF() tailMark {
	dir := filepath.Join(h.srv.dir, h.opts.AOFDir)
	names, _ := filepath.Glob(filepath.Join(dir, "*.manifest"))
	if len(names) == 0 {
		return tailMark{}
	}
	data, err := os.ReadFile(names[0])
	if err != nil {
		return tailMark{}
	}
	m, err := aof.ParseManifest(data)
	if err != nil {
		return tailMark{}
	}
	files := m.LoadOrder()
	if len(files) == 0 {
		return tailMark{}
	}
	p := filepath.Join(dir, files[len(files)-1].Name)
	st, err := os.Stat(p)
	if err != nil {
		return tailMark{path: p}
	}
	return tailMark{path: p, size: st.Size()}
}

// cutTail truncates the last AOF file at a random offset past the mark.
func (h *harness) cutTail(before tailMark) error {
	now := h.lastAOF()
	if now.path == "" {
		return fmt.Errorf("torn tail: no AOF file found under %s", h.opts.AOFDir)
	}
	from := int64(0)
	if now.path == before.path {
		from = before.size
	}
	if now.size <= from {
		return nil // nothing written this trial: nothing to tear
	}
	off := from + h.rng.Int64N(now.size-from)
	return os.Truncate(now.path, off)
}

// WriteTable prints the summary table.
func (r *Result) WriteTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TRIAL\tKIND\tSENT\tACKED\tCHECKED\tLOST\tWINDOW\tKEYS\tRESULT")
	var acked, checked, lost int
	for _, t := range r.Trials {
		res := "ok"
		if !t.OK() {
			res = "FAIL: " + t.Err
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%d\t%s\t%d\t%s\n", t.N, t.Kind, t.Attempted, t.Acked, t.Checked, t.Lost,
			windowText(t), t.Keys, res)
		acked, checked, lost = acked+t.Acked, checked+t.Checked, lost+t.Lost
	}
	tw.Flush()
	verdict := "PASS"
	if !r.Passed() {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "%s appendfsync %s, seed %d: %d trials, %d acknowledged operations, %d checked, %d lost\n",
		verdict, r.Fsync, r.Seed, len(r.Trials), acked, checked, lost)
}

// windowText is the loss window in milliseconds, "-" when nothing was lost.
func windowText(t Trial) string {
	if t.Lost == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fms", float64(t.Window)/float64(time.Millisecond))
}
