package wal

import (
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// Policy is the appendfsync setting.
type Policy int

const (
	// EverySec fsyncs about once per second in the background (Redis default).
	EverySec Policy = iota
	// Always fsyncs before acknowledging anything written.
	Always
	// No leaves flushing to the kernel.
	No
)

func (p Policy) String() string {
	switch p {
	case Always:
		return "always"
	case No:
		return "no"
	default:
		return "everysec"
	}
}

// ParsePolicy reads an appendfsync value; ok is false for anything else.
func ParsePolicy(s string) (p Policy, ok bool) {
	switch s {
	case "always":
		return Always, true
	case "everysec":
		return EverySec, true
	case "no":
		return No, true
	}
	return EverySec, false
}

// Options configure a Writer. Zero fields take the documented defaults.
type Options struct {
	// File is where bytes go; the Writer owns it and closes it. Required.
	File vfs.File
	// Offset is where File's bytes end: writes continue there (an INCR
	// file reopened after a restart is appended to). A file longer than
	// that ends in zeros reserved earlier, which the Writer reuses.
	Offset int64
	// ReserveStep, when positive, makes the Writer reserve the file's
	// space ahead of its writes in steps of that many bytes, so that an
	// fsync need not make a new size durable (reserve.go); the reserved
	// zeros are cut when the file is rotated away or closed. 0: append.
	ReserveStep int64
	// Policy is the fsync policy; default EverySec.
	Policy Policy
	// SyncInterval is the EverySec fsync period; default 1s.
	SyncInterval time.Duration
	// MaxPostpone bounds how long EverySec holds writes back while a
	// background fsync is still running; default 2s (Redis's rule).
	MaxPostpone time.Duration
	// Tick is how often the flusher looks at postponed writes and due
	// fsyncs when nothing is appended (Redis's cron: 100ms); default 100ms.
	Tick time.Duration
	// Failpoints, when set, injects faults for test harnesses.
	Failpoints *Failpoints
	// OnProgress, when set, is called by the flusher (without the Writer's
	// lock) after the written or durable LSN moved or the Writer failed,
	// for a caller that waits for many LSNs at once and cannot park a
	// goroutine in WaitDurable for each. It must not block.
	OnProgress func()
}

func (o *Options) withDefaults() {
	if o.SyncInterval <= 0 {
		o.SyncInterval = time.Second
	}
	if o.MaxPostpone <= 0 {
		o.MaxPostpone = 2 * time.Second
	}
	if o.Tick <= 0 {
		o.Tick = 100 * time.Millisecond
	}
}
