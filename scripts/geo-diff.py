#!/usr/bin/env python3
"""Differential test of GEO searches: runs the same random workloads on
redis-server 7.0.15 and on a strata binary, both on 127.0.0.1, and reports
every reply that differs.

    scripts/geo-diff.py <redis-server> <strata-binary> [rounds] [seed]

Each round clusters random points around a random center (antimeridian and
poles included) and runs GEOSEARCH/GEORADIUS with radius and box shapes,
every WITH* option and ASC/DESC. Exit status 1 when anything differs.
"""
import random
import socket
import subprocess
import sys
import tempfile
import time


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

    def cmd(self, args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.s.sendall(out)
        return self.read()

    def read(self):
        line = self.f.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b"$":
            n = int(rest)
            return line if n < 0 else line + self.f.read(n + 2)
        if kind == b"*":
            n = int(rest)
            return line + b"".join(self.read() for _ in range(max(n, 0)))
        return line


def start(argv):
    port = free_port()
    proc = subprocess.Popen(argv + ["--port", str(port), "--bind", "127.0.0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            c = Conn(port)
            c.cmd(["PING"])
            return proc, c
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start: %r" % argv)


def workload(r):
    cmds = [["DEL", "g"]]
    clon = r.choice([r.uniform(-180, 180), r.uniform(170, 180), r.uniform(-180, -170)])
    clat = r.choice([r.uniform(-85, 85), r.uniform(75, 85), r.uniform(-85, -75)])
    spread = r.choice([0.05, 1, 10, 60])
    for i in range(150):
        lon = min(180, max(-180, clon + r.uniform(-spread, spread)))
        lat = min(85.05112878, max(-85.05112878, clat + r.uniform(-spread, spread)))
        cmds.append(["GEOADD", "g", "%.8f" % lon, "%.8f" % lat, "m%d" % i])
    for _ in range(10):
        lon = min(180, max(-180, clon + r.uniform(-spread, spread)))
        lat = min(85, max(-85, clat + r.uniform(-spread, spread)))
        unit = r.choice(["m", "km", "mi", "ft"])
        scale = {"m": 1000, "km": 1, "mi": 0.62, "ft": 3280}[unit]
        size = r.uniform(0, spread * 200) * scale
        opts = r.sample(["WITHDIST", "WITHHASH", "WITHCOORD"], r.randint(0, 3))
        opts.append(r.choice(["ASC", "DESC"]))
        if r.random() < 0.3:
            opts += ["COUNT", r.randint(1, 20)]
        cmds.append(["GEOSEARCH", "g", "FROMLONLAT", lon, lat, "BYRADIUS", size, unit] + opts)
        cmds.append(["GEOSEARCH", "g", "FROMLONLAT", lon, lat, "BYBOX", size,
                     r.uniform(0, spread * 200) * scale, unit] + opts)
        cmds.append(["GEORADIUSBYMEMBER", "g", "m%d" % r.randint(0, 149), size, unit] + opts)
        cmds.append(["GEOSEARCHSTORE", "d", "g", "FROMLONLAT", lon, lat, "BYRADIUS", size, unit, "STOREDIST"])
        cmds.append(["ZRANGE", "d", 0, -1, "WITHSCORES"])
    return cmds


def main():
    redis_bin, strata_bin = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else int(time.time())
    print("seed", seed)
    r = random.Random(seed)
    with tempfile.TemporaryDirectory() as d:
        rp, rc = start([redis_bin, "--save", "", "--appendonly", "no", "--dir", d])
        sp, sc = start([strata_bin, "server", "--dir", d + "/s", "--appendonly", "no", "--save", ""])
        bad = total = 0
        try:
            for _ in range(rounds):
                for cmd in workload(r):
                    total += 1
                    a, b = rc.cmd(cmd), sc.cmd(cmd)
                    if a != b:
                        bad += 1
                        if bad <= 8:
                            at = next(i for i in range(min(len(a), len(b)) + 1)
                                      if i == min(len(a), len(b)) or a[i] != b[i])
                            lo = max(0, at - 120)
                            print("DIFF", cmd, "at byte", at, "\n redis ", a[lo:at + 80],
                                  "\n strata", b[lo:at + 80])
        finally:
            rp.terminate()
            sp.terminate()
            rp.wait()
            sp.wait()
    print("%d of %d replies differ" % (bad, total))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
