package server

import (
	"fmt"
	"strings"
	"syscall"
)

// osName is INFO's os field, as Redis prints it: uname's system, release
// and machine.
func osName() string {
	var uts syscall.Utsname
	_ = syscall.Uname(&uts)
	return fmt.Sprintf("%s %s %s", utsString(uts.Sysname[:]), utsString(uts.Release[:]), utsString(uts.Machine[:]))
}

func utsString(a []int8) string {
	var sb strings.Builder
	for _, c := range a {
		if c == 0 {
			break
		}
		sb.WriteByte(byte(c))
	}
	return sb.String()
}

// totalSystemMemory is INFO's total_system_memory.
func totalSystemMemory() uint64 {
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return 0
	}
	return uint64(si.Totalram) * uint64(si.Unit)
}
