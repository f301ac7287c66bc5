package uring

import (
	"os"
	"syscall"
)

// heldSync makes fdatasync(fd) (fsync when !dataOnly) without telling the
// Go scheduler: the goroutine keeps its processor for the whole call, as
// redis-server's one thread does (fs.go says when this is right).
func heldSync(fd uintptr, dataOnly bool) error {
	nr, name := uintptr(syscall.SYS_FDATASYNC), "fdatasync"
	if !dataOnly {
		nr, name = syscall.SYS_FSYNC, "fsync"
	}
	for {
		_, _, errno := syscall.RawSyscall(nr, fd, 0, 0)
		switch errno {
		case 0:
			return nil
		case syscall.EINTR:
			continue
		}
		return os.NewSyscallError(name, errno)
	}
}

// heldSyncs reports whether heldSync is available here.
const heldSyncs = true
