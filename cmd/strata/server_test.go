package main

import (
	"runtime"
	"testing"
)

// The server runs on one processor unless GOMAXPROCS is set.
func TestOneProcessorUnlessGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(2)
	oneProcessor(func(string) string { return "3" })
	if got := runtime.GOMAXPROCS(0); got != 2 {
		t.Fatalf("with GOMAXPROCS set: %d processors, want them left at 2", got)
	}
	oneProcessor(func(string) string { return "" })
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Fatalf("without GOMAXPROCS: %d processors, want 1", got)
	}
}
