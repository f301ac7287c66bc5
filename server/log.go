package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
)

// NewLogger returns a slog logger writing lines the way redis-server does
// ("pid:M 27 Nov 2026 13:33:38.123 * message key=value"), filtered by a
// Redis log level (debug, verbose, notice, warning).
func NewLogger(w io.Writer, level string) *slog.Logger {
	return slog.New(&redisHandler{w: w, level: redisLevel(level), mu: &sync.Mutex{}})
}

func redisLevel(name string) slog.Level {
	switch strings.ToLower(name) {
	case "debug":
		return slog.LevelDebug - 4
	case "verbose":
		return slog.LevelDebug
	case "warning":
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

type redisHandler struct {
	w     io.Writer
	level slog.Level
	mu    *sync.Mutex
	attrs []slog.Attr
}

func (h *redisHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level }

func (h *redisHandler) Handle(_ context.Context, r slog.Record) error {
	mark := "*"
	switch {
	case r.Level < slog.LevelDebug:
		mark = "."
	case r.Level < slog.LevelInfo:
		mark = "-"
	case r.Level >= slog.LevelWarn:
		mark = "#"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d:M %s %s %s", os.Getpid(), r.Time.Format("02 Jan 2006 15:04:05.000"), mark, r.Message)
	for _, a := range h.attrs {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
	}
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	b.WriteByte('\n')
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, b.String())
	return err
}

func (h *redisHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	n := *h
	n.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &n
}

func (h *redisHandler) WithGroup(string) slog.Handler { return h }
