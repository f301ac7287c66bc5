// Package progress shows how far a long tool run has got: a bar redrawn in
// place on a terminal, a log line every few seconds otherwise. It never
// slows the work down: Update is a cheap check of the clock.
package progress

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"
)

// Bar reports progress through a job of a known size in bytes.
type Bar struct {
	label    string
	out      io.Writer
	tty      bool
	every    time.Duration
	log      *slog.Logger
	start    time.Time
	last     time.Time
	shown    bool
	lastDone int64
}

// New returns a bar writing to w (a bar on a terminal, slog lines to log
// otherwise; nil log means slog.Default()).
func New(label string, w *os.File, log *slog.Logger) *Bar {
	if log == nil {
		log = slog.Default()
	}
	now := time.Now()
	b := &Bar{label: label, out: w, log: log, start: now, last: now, every: 5 * time.Second}
	if st, err := w.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		b.tty, b.every = true, 200*time.Millisecond
	}
	return b
}

// Disabled is a bar that shows nothing.
func Disabled() *Bar { return nil }

// Update reports done of size bytes. A nil Bar ignores it.
func (b *Bar) Update(done, size int64) {
	if b == nil {
		return
	}
	b.lastDone = done
	now := time.Now()
	if now.Sub(b.last) < b.every {
		return
	}
	b.last = now
	b.show(done, size, now)
}

func (b *Bar) show(done, size int64, now time.Time) {
	rate := float64(done) / max(now.Sub(b.start).Seconds(), 1e-3) / (1 << 20)
	pct := 100.0
	if size > 0 {
		pct = 100 * float64(done) / float64(size)
	}
	if !b.tty {
		b.log.Info(b.label, "bytes", done, "total", size, "percent", fmt.Sprintf("%.1f", pct), "MiB/s", fmt.Sprintf("%.1f", rate))
		return
	}
	const width = 30
	n := min(width, int(pct*width/100))
	fmt.Fprintf(b.out, "\r%s [%s%s] %5.1f%% %.1f MiB/s ", b.label, strings.Repeat("=", n), strings.Repeat(" ", width-n), pct, rate)
	b.shown = true
}

// Done ends the bar's line on a terminal.
func (b *Bar) Done() {
	if b == nil {
		return
	}
	if b.tty && b.shown {
		fmt.Fprintln(b.out)
	}
}
