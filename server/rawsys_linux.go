package server

import (
	"syscall"
	"unsafe"
)

// System calls on descriptors that never block (nonblocking sockets, an
// epoll wait with timeout 0) are made raw, without telling the scheduler,
// as redis-server's thread makes them. A call made the ordinary way that
// lasts longer than the runtime monitor's 20 us look (a write(2) on a
// loopback socket runs the peer's receive path too) had its processor
// handed to another thread: a futex wake and a scheduler pass on the
// server's one core for nothing, since the call returns as soon as the
// kernel has done its part. The raw calls also skip the runtime's
// bookkeeping around each call. (docs/server.md, "Reading sockets".)
//
// Built with the race detector, reads and writes take the ordinary calls:
// the detector learns from them that what a goroutine did before writing
// to a socket happened before what the reader of the other end does next
// (a test reading the server's state after its reply), and raw calls hide
// that.

func rawRead(fd int, b []byte) (int, error) {
	if raceEnabled {
		return syscall.Read(fd, b)
	}
	return rawRW(syscall.SYS_READ, fd, b)
}

func rawWrite(fd int, b []byte) (int, error) {
	if raceEnabled {
		return syscall.Write(fd, b)
	}
	return rawRW(syscall.SYS_WRITE, fd, b)
}

func rawRW(nr uintptr, fd int, b []byte) (int, error) {
	var p unsafe.Pointer
	if len(b) > 0 {
		p = unsafe.Pointer(&b[0])
	}
	r, _, e := syscall.RawSyscall(nr, uintptr(fd), uintptr(p), uintptr(len(b)))
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

// epollNow is epoll_wait(epfd, events, 0): it returns at once.
func epollNow(epfd int, events []syscall.EpollEvent) (int, error) {
	r, _, e := syscall.RawSyscall6(syscall.SYS_EPOLL_PWAIT, uintptr(epfd),
		uintptr(unsafe.Pointer(&events[0])), uintptr(len(events)), 0, 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(r), nil
}
