package uring

import (
	"errors"
	"os"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// System call numbers and ABI constants of io_uring (include/uapi/linux/io_uring.h).
const (
	sysSetup    = 425
	sysEnter    = 426
	sysRegister = 427

	offSQRing = 0
	offCQRing = 0x8000000
	offSQEs   = 0x10000000

	opFsync       = 3
	fsyncDatasync = 1

	registerEventfd = 4

	sqeSize = 64
	cqeSize = 16
)

type sqringOffsets struct {
	head, tail, ringMask, ringEntries, flags, dropped, array, resv1 uint32
	userAddr                                                        uint64
}

type cqringOffsets struct {
	head, tail, ringMask, ringEntries, overflow, cqes, flags, resv1 uint32
	userAddr                                                        uint64
}

type params struct {
	sqEntries, cqEntries, flags, sqThreadCPU, sqThreadIdle, features, wqFd uint32
	resv                                                                   [3]uint32
	sqOff                                                                  sqringOffsets
	cqOff                                                                  cqringOffsets
}

// Ring is an io_uring with one request in flight at a time: its owner
// (one file) submits a sync and waits for it.
type Ring struct {
	fd             int
	sqMem, cqMem   []byte
	sqes           []byte
	sqTail         *uint32
	sqMask         uint32
	sqArray        unsafe.Pointer
	cqHead, cqTail *uint32
	cqMask         uint32
	cqes           unsafe.Pointer
	efd            *os.File // signalled by the kernel at each completion
}

// NewRing sets up a ring, or returns an error when io_uring is not there.
func NewRing() (*Ring, error) {
	var p params
	fd, _, errno := syscall.Syscall(sysSetup, 2, uintptr(unsafe.Pointer(&p)), 0)
	if errno != 0 {
		return nil, os.NewSyscallError("io_uring_setup", errno)
	}
	r := &Ring{fd: int(fd)}
	fail := func(err error) (*Ring, error) {
		r.Close()
		return nil, err
	}
	var err error
	sqLen := int(p.sqOff.array + p.sqEntries*4)
	if r.sqMem, err = syscall.Mmap(r.fd, offSQRing, sqLen, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED|syscall.MAP_POPULATE); err != nil {
		return fail(os.NewSyscallError("mmap", err))
	}
	cqLen := int(p.cqOff.cqes + p.cqEntries*cqeSize)
	if r.cqMem, err = syscall.Mmap(r.fd, offCQRing, cqLen, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED|syscall.MAP_POPULATE); err != nil {
		return fail(os.NewSyscallError("mmap", err))
	}
	if r.sqes, err = syscall.Mmap(r.fd, offSQEs, int(p.sqEntries*sqeSize), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED|syscall.MAP_POPULATE); err != nil {
		return fail(os.NewSyscallError("mmap", err))
	}
	r.sqTail = (*uint32)(unsafe.Pointer(&r.sqMem[p.sqOff.tail]))
	r.sqMask = *(*uint32)(unsafe.Pointer(&r.sqMem[p.sqOff.ringMask]))
	r.sqArray = unsafe.Pointer(&r.sqMem[p.sqOff.array])
	r.cqHead = (*uint32)(unsafe.Pointer(&r.cqMem[p.cqOff.head]))
	r.cqTail = (*uint32)(unsafe.Pointer(&r.cqMem[p.cqOff.tail]))
	r.cqMask = *(*uint32)(unsafe.Pointer(&r.cqMem[p.cqOff.ringMask]))
	r.cqes = unsafe.Pointer(&r.cqMem[p.cqOff.cqes])

	efd, _, errno := syscall.Syscall(syscall.SYS_EVENTFD2, 0, syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if errno != 0 {
		return fail(os.NewSyscallError("eventfd2", errno))
	}
	// NB: a non-blocking descriptor makes os.NewFile register it with the
	// netpoller, so reading it parks the goroutine, not the processor.
	r.efd = os.NewFile(efd, "io_uring-eventfd")
	e := int32(efd)
	if _, _, errno := syscall.Syscall6(sysRegister, uintptr(r.fd), registerEventfd, uintptr(unsafe.Pointer(&e)), 1, 0, 0); errno != 0 {
		return fail(os.NewSyscallError("io_uring_register", errno))
	}
	return r, nil
}

// inFlight counts ring syncs being waited for.
var inFlight atomic.Int64

// InFlight reports how many syncs are waiting for their ring's completion
// right now. Their waiters park in Go's netpoller, which the scheduler
// polls only when it has nothing else to run: a goroutine that keeps
// yielding (the server's busy poller) must stand aside while this is
// above zero, or the completions wait for it.
func InFlight() int64 { return inFlight.Load() }

// Fdatasync runs fdatasync(fd) on a kernel worker and waits for it without
// holding a processor. Not safe for concurrent use.
func (r *Ring) Fdatasync(fd int) error { return r.sync(fd, fsyncDatasync, "fdatasync") }

// Fsync is Fdatasync for fsync(fd): the file's metadata too.
func (r *Ring) Fsync(fd int) error { return r.sync(fd, 0, "fsync") }

func (r *Ring) sync(fd int, flags uint32, name string) error {
	inFlight.Add(1)
	defer inFlight.Add(-1)
	tail := atomic.LoadUint32(r.sqTail)
	idx := tail & r.sqMask
	sqe := r.sqes[idx*sqeSize : (idx+1)*sqeSize]
	clear(sqe)
	sqe[0] = opFsync
	*(*int32)(unsafe.Pointer(&sqe[4])) = int32(fd)
	*(*uint32)(unsafe.Pointer(&sqe[28])) = flags
	*(*uint64)(unsafe.Pointer(&sqe[32])) = uint64(tail)
	*(*uint32)(unsafe.Add(r.sqArray, 4*uintptr(idx))) = idx
	atomic.StoreUint32(r.sqTail, tail+1)
	for {
		n, _, errno := syscall.Syscall6(sysEnter, uintptr(r.fd), 1, 0, 0, 0, 0)
		if errno == syscall.EINTR {
			continue
		}
		if errno != 0 {
			return os.NewSyscallError("io_uring_enter", errno)
		}
		if n != 1 {
			return errors.New("io_uring_enter: the sync was not submitted")
		}
		break
	}
	var buf [8]byte
	for {
		head := atomic.LoadUint32(r.cqHead)
		if head != atomic.LoadUint32(r.cqTail) {
			cqe := unsafe.Add(r.cqes, uintptr(head&r.cqMask)*cqeSize)
			res := *(*int32)(unsafe.Add(cqe, 8))
			atomic.StoreUint32(r.cqHead, head+1)
			if res < 0 {
				return os.NewSyscallError(name, syscall.Errno(-res))
			}
			return nil
		}
		// A stale count from an earlier completion only costs a turn.
		if _, err := r.efd.Read(buf[:]); err != nil {
			return err
		}
	}
}

// Close releases the ring.
func (r *Ring) Close() error {
	for _, m := range [][]byte{r.sqes, r.cqMem, r.sqMem} {
		if m != nil {
			syscall.Munmap(m)
		}
	}
	if r.efd != nil {
		r.efd.Close()
	}
	return syscall.Close(r.fd)
}
