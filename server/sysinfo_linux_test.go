package server

import (
	"strings"
	"testing"
)

// INFO's os field and total memory come from the kernel, as Redis's do.
func TestSysinfo(t *testing.T) {
	if os := osName(); !strings.HasPrefix(os, "Linux ") || len(strings.Fields(os)) != 3 {
		t.Fatalf("os %q, want \"Linux <release> <machine>\"", os)
	}
	if m := totalSystemMemory(); m < 64<<20 {
		t.Fatalf("total_system_memory %d", m)
	}
}
