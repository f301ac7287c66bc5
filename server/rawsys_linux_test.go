package server

import (
	"syscall"
	"testing"
)

// The raw calls behave as the ordinary ones: data both ways on a
// nonblocking socket pair, EAGAIN when there is nothing to read, the
// errno of a bad descriptor, and an epoll wait that returns at once.
func TestRawSocketCalls(t *testing.T) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fds[0])
	defer syscall.Close(fds[1])
	buf := make([]byte, 16)
	if n, err := rawRead(fds[0], buf); n != -1 || err != syscall.EAGAIN {
		t.Fatalf("read of an empty socket: %d %v, want -1 EAGAIN", n, err)
	}
	if n, err := rawWrite(fds[1], []byte("+PONG\r\n")); n != 7 || err != nil {
		t.Fatalf("write: %d %v", n, err)
	}
	if n, err := rawRead(fds[0], buf); n != 7 || err != nil || string(buf[:n]) != "+PONG\r\n" {
		t.Fatalf("read: %d %v %q", n, err, buf[:max(n, 0)])
	}
	if n, err := rawWrite(fds[1], nil); n != 0 || err != nil {
		t.Fatalf("empty write: %d %v", n, err)
	}
	if _, err := rawRead(-1, buf); err != syscall.EBADF {
		t.Fatalf("read of a bad descriptor: %v", err)
	}

	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(epfd)
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN, Fd: int32(fds[0])}
	if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, fds[0], &ev); err != nil {
		t.Fatal(err)
	}
	events := make([]syscall.EpollEvent, 4)
	if n, err := epollNow(epfd, events); n != 0 || err != nil {
		t.Fatalf("epoll of a quiet socket: %d %v", n, err)
	}
	if _, err := rawWrite(fds[1], []byte("x")); err != nil {
		t.Fatal(err)
	}
	if n, err := epollNow(epfd, events); n != 1 || err != nil || events[0].Fd != int32(fds[0]) {
		t.Fatalf("epoll of a readable socket: %d %v %+v", n, err, events[0])
	}
	if _, err := epollNow(-1, events); err != syscall.EBADF {
		t.Fatalf("epoll of a bad descriptor: %v", err)
	}
}
