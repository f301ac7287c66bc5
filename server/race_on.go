//go:build race

package server

// raceEnabled: built with the race detector (rawsys_linux.go).
const raceEnabled = true
