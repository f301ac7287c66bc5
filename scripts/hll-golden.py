#!/usr/bin/env python3
"""Records HyperLogLog golden values from a real redis-server 7.0.15.

    scripts/hll-golden.py [redis-server-path] > internal/hll/testdata/golden.txt

Starts redis-server on 127.0.0.1 (a free port, no persistence), feeds it
deterministic element sets with PFADD (and PFMERGE), and prints one line per
case:

    add   <sparse-max> <n>:<prefix>            <pfcount> <hex of GET before PFCOUNT>
    merge <sparse-max> <n>:<prefix> <n>:<prefix> <pfcount> <hex of GET dest>

Element i of "<n>:<prefix>" is prefix + str(i), i in [0, n). internal/hll's
tests rebuild each value and require the same bytes and count.
"""
import socket
import subprocess
import sys
import time

SERVER = sys.argv[1] if len(sys.argv) > 1 else "redis-server"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.f = self.s.makefile("rb")

    def cmd(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.s.sendall(out)
        return self.read()

    def read(self):
        line = self.f.readline()[:-2]
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b":"):
            return rest
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.f.read(n + 2)[:-2]
        if kind == b"*":
            return [self.read() for _ in range(int(rest))]
        raise RuntimeError("bad reply %r" % line)


def elements(spec):
    n, prefix = spec.split(":", 1)
    return [(prefix + str(i)).encode() for i in range(int(n))]


def fill(c, key, spec):
    c.cmd("DEL", key)
    els = elements(spec)
    if not els:
        c.cmd("PFADD", key)
    for i in range(0, len(els), 100):
        c.cmd("PFADD", key, *els[i:i + 100])


ADDS = ["0:e", "1:e", "2:e", "10:e", "40:x", "100:e", "300:y", "700:e",
        "1500:e", "3000:z", "20000:e",
        "200:longer-element-name-with-more-than-eight-bytes-"]
SPARSE_MAX = [3000, 300, 16000]
MERGES = [("100:a", "150:b"), ("50:a", "5000:b"), ("5000:a", "20:c"),
          ("0:a", "700:d")]


def main():
    port = free_port()
    srv = subprocess.Popen([SERVER, "--port", str(port), "--bind", "127.0.0.1",
                            "--save", "", "--appendonly", "no"],
                           stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                c = Conn(port)
                c.cmd("PING")
                break
            except OSError:
                time.sleep(0.05)
        run(c)
    finally:
        srv.terminate()
        srv.wait()


def run(c):
    for smax in SPARSE_MAX:
        c.cmd("CONFIG", "SET", "hll-sparse-max-bytes", smax)
        for spec in ADDS:
            fill(c, "h", spec)
            raw = c.cmd("GET", "h")
            card = c.cmd("PFCOUNT", "h").decode()
            print("add", smax, spec, card, raw.hex())
        for a, b in MERGES:
            fill(c, "a", a)
            fill(c, "b", b)
            c.cmd("DEL", "d")
            c.cmd("PFMERGE", "d", "a", "b")
            raw = c.cmd("GET", "d")
            card = c.cmd("PFCOUNT", "d").decode()
            print("merge", smax, a, b, card, raw.hex())


if __name__ == "__main__":
    main()
