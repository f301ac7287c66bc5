//go:build !linux

package server

import "runtime"

// osName is INFO's os field. Outside Linux (a developer's machine) the
// system and architecture as Go names them.
func osName() string { return runtime.GOOS + " " + runtime.GOARCH }

// totalSystemMemory is INFO's total_system_memory; 0, as Redis reports
// when it cannot tell.
func totalSystemMemory() uint64 { return 0 }
