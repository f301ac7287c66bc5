#!/usr/bin/env python3
"""Records a transcript of GEO and HyperLogLog commands and their exact
RESP2 replies from a real redis-server 7.0.15.

    scripts/geo-golden.py [redis-server-path] > internal/geohash/testdata/transcript.jsonl

Starts redis-server on 127.0.0.1 (a free port, no persistence), runs a
deterministic (seeded) sequence of commands: random positions, searches
with every option, stores, errors. Each output line is a JSON object
{"cmd": [args...], "reply": "<raw RESP2 reply>"}. The engine's tests replay
the commands in order on a fresh engine and require the same bytes.
"""
import json
import random
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

    def cmd(self, args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a.encode("latin-1") if isinstance(a, str) else a
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.s.sendall(out)
        return self.read_raw()

    def read_raw(self):
        line = self.f.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b"$":
            n = int(rest)
            return line if n < 0 else line + self.f.read(n + 2)
        if kind == b"*":
            n = int(rest)
            return line + b"".join(self.read_raw() for _ in range(max(n, 0)))
        return line


def fnum(r, lo, hi):
    return "%.6f" % r.uniform(lo, hi)


def geo_commands(r):
    cmds = [["DEL", "pts", "dst", "s"]]
    # A dense cluster (Sicily), a sparse world, a few poles and edges.
    for i in range(60):
        cmds.append(["GEOADD", "pts", fnum(r, 12, 16), fnum(r, 36, 39), "c%d" % i])
    for i in range(60):
        cmds.append(["GEOADD", "pts", fnum(r, -180, 180), fnum(r, -85, 85), "w%d" % i])
    cmds += [
        ["GEOADD", "pts", "180", "85.05112878", "edge1", "-180", "-85.05112878", "edge2"],
        ["GEOADD", "pts", "0", "0", "zero"],
        ["GEOADD", "pts", "NX", "1", "1", "zero", "2", "2", "nxnew"],
        ["GEOADD", "pts", "XX", "CH", "1", "1", "zero", "2", "2", "xxnew"],
        ["GEOADD", "pts", "CH", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"],
        ["GEOADD", "pts", "NX", "XX", "1", "1", "a"],
        ["GEOADD", "pts", "1", "1"],
        ["GEOADD", "pts", "200", "1", "bad"],
        ["GEOADD", "pts", "1", "86", "bad"],
        ["GEOADD", "pts", "x", "1", "bad"],
        ["GEOADD", "pts", "inf", "1", "bad"],
        ["ZCARD", "pts"],
        ["GEOPOS", "pts", "Palermo", "Catania", "nope", "edge1", "edge2", "zero"],
        ["GEOHASH", "pts", "Palermo", "Catania", "nope", "edge1", "edge2", "zero"],
        ["GEODIST", "pts", "Palermo", "Catania"],
        ["GEODIST", "pts", "Palermo", "Catania", "km"],
        ["GEODIST", "pts", "Palermo", "Catania", "MI"],
        ["GEODIST", "pts", "Palermo", "Catania", "ft"],
        ["GEODIST", "pts", "Palermo", "nope"],
        ["GEODIST", "pts", "Palermo", "Catania", "yd"],
        ["GEODIST", "pts", "Palermo", "Catania", "km", "x"],
        ["GEODIST", "nokey", "a", "b"],
        ["GEOPOS", "nokey", "a"],
        ["GEOHASH", "nokey", "a"],
    ]
    for i in range(0, 120, 7):
        cmds.append(["GEOPOS", "pts", "c%d" % i, "w%d" % i])
        cmds.append(["GEOHASH", "pts", "c%d" % i, "w%d" % i])
        cmds.append(["GEODIST", "pts", "c%d" % i, "w%d" % i, "km"])
    units = ["m", "km", "mi", "ft"]
    for i in range(40):
        lon, lat = fnum(r, 11, 17), fnum(r, 35, 40)
        rad = str(r.choice([1, 10, 50, 100, 200, 500, 5000]))
        unit = r.choice(["km", "mi"])
        opts = r.sample(["WITHDIST", "WITHHASH", "WITHCOORD", "ASC", "DESC"], r.randint(0, 3))
        if "ASC" in opts and "DESC" in opts:
            opts.remove("DESC")
        if r.random() < 0.4:
            opts += ["COUNT", str(r.randint(1, 8))]
        cmds.append(["GEORADIUS", "pts", lon, lat, rad, unit] + opts)
        cmds.append(["GEORADIUS_RO", "pts", lon, lat, rad, unit, "ASC", "WITHDIST"])
        m = r.choice(["c%d" % r.randint(0, 59), "Palermo", "w%d" % r.randint(0, 59)])
        cmds.append(["GEORADIUSBYMEMBER", "pts", m, rad, unit, "ASC"] + opts[:1])
        w, h = str(r.choice([10, 100, 400, 3000])), str(r.choice([10, 100, 400, 3000]))
        cmds.append(["GEOSEARCH", "pts", "FROMLONLAT", lon, lat, "BYBOX", w, h, r.choice(units), "ASC", "WITHCOORD", "WITHDIST"])
        cmds.append(["GEOSEARCH", "pts", "FROMMEMBER", m, "BYRADIUS", rad, unit, "DESC", "WITHHASH"])
    for i in range(10):
        lon, lat = fnum(r, -180, 180), fnum(r, -85, 85)
        cmds.append(["GEORADIUS", "pts", lon, lat, str(r.choice([500, 3000, 8000])), "km", "ASC", "WITHDIST"])
        cmds.append(["GEOSEARCH", "pts", "FROMLONLAT", lon, lat, "BYBOX", "9000", "4000", "km", "ASC"])
    cmds += [
        ["GEORADIUS", "pts", "15", "37", "200", "km", "ASC", "STORE", "dst"],
        ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
        ["GEORADIUS", "pts", "15", "37", "200", "km", "DESC", "COUNT", "3", "STOREDIST", "dst"],
        ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
        ["GEOSEARCHSTORE", "dst", "pts", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC", "COUNT", "4"],
        ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
        ["GEOSEARCHSTORE", "dst", "pts", "FROMMEMBER", "Palermo", "BYRADIUS", "100", "km", "STOREDIST"],
        ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
        ["GEOSEARCHSTORE", "dst", "pts", "FROMLONLAT", "0", "-80", "BYRADIUS", "1", "m"],
        ["EXISTS", "dst"],
        ["GEORADIUS", "nokey", "15", "37", "200", "km", "STORE", "dst"],
        ["GEORADIUS", "nokey", "15", "37", "200", "km"],
        ["GEORADIUSBYMEMBER", "nokey", "x", "200", "km", "STORE", "dst"],
        ["GEOSEARCH", "nokey", "FROMMEMBER", "x", "BYRADIUS", "1", "km"],
        ["GEORADIUS", "pts", "15", "37", "200", "km", "COUNT", "3", "ANY"],
        ["GEORADIUS", "pts", "15", "37", "200", "km", "COUNT", "3", "ANY", "ASC"],
        ["GEORADIUS", "pts", "15", "37", "200", "km", "ANY"],
        ["GEORADIUS", "pts", "15", "37", "200", "km", "COUNT", "0"],
        ["GEORADIUS", "pts", "15", "37", "200", "km", "COUNT", "x"],
        ["GEORADIUS", "pts", "15", "37", "-1", "km"],
        ["GEORADIUS", "pts", "15", "37", "x", "km"],
        ["GEORADIUS", "pts", "15", "37", "1", "yd"],
        ["GEORADIUS", "pts", "15", "37", "1", "km", "WITHDIST", "STORE", "dst"],
        ["GEORADIUS", "pts", "15", "37", "1", "km", "BYBOX", "1", "1", "km"],
        ["GEORADIUS_RO", "pts", "15", "37", "1", "km", "STORE", "dst"],
        ["GEORADIUSBYMEMBER", "pts", "nope", "1", "km"],
        ["GEOSEARCH", "pts", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "STORE", "dst"],
        ["GEOSEARCH", "pts", "BYRADIUS", "1", "km", "ASC"],
        ["GEOSEARCH", "pts", "FROMLONLAT", "15", "37", "ASC"],
        ["geoSearch", "pts", "FROMLONLAT", "15", "37", "ASC", "WITHDIST"],
        ["GEOSEARCH", "pts", "FROMLONLAT", "15", "37", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"],
        ["GEOSEARCH", "pts", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "BYBOX", "1", "1", "km"],
        ["GEOSEARCH", "pts", "FROMLONLAT", "15", "37", "BYBOX", "-1", "1", "km"],
        ["GEOSEARCH", "pts", "FROMLONLAT", "15", "37", "BYBOX", "x", "1", "km"],
        ["GEOSEARCH", "pts", "FROMLONLAT", "15", "37", "BYBOX", "1", "x", "km"],
        ["GEOSEARCH", "pts", "FROMMEMBER", "nope", "BYBOX", "1", "1", "km"],
        ["GEOSEARCHSTORE", "dst", "pts", "FROMLONLAT", "15", "37", "BYBOX", "1", "1", "km", "WITHDIST"],
        ["SET", "s", "x"],
        ["GEOADD", "s", "1", "1", "a"],
        ["GEOPOS", "s", "a"],
        ["GEORADIUS", "s", "1", "1", "1", "km"],
        ["GEOSEARCH", "s", "FROMLONLAT", "1", "1", "BYRADIUS", "1", "km"],
        ["GEODIST", "s", "a", "b"],
        ["ZADD", "mixed", "-1", "neg", "4503599627370496", "big", "123", "small"],
        ["GEOPOS", "mixed", "small"],
        ["GEOHASH", "mixed", "small"],
    ]
    return cmds


def hll_commands(r):
    cmds = [["DEL", "h1", "h2", "h3", "hs"]]
    for i in range(30):
        key = r.choice(["h1", "h2", "h3"])
        n = r.choice([0, 1, 5, 50, 300])
        cmds.append(["PFADD", key] + ["e%d" % r.randint(0, 4000) for _ in range(n)])
        if r.random() < 0.5:
            cmds.append(["PFCOUNT", key])
        if r.random() < 0.3:
            cmds.append(["GET", key])
    cmds += [
        ["PFCOUNT", "h1", "h2"],
        ["PFCOUNT", "h1", "h2", "h3", "nokey"],
        ["PFMERGE", "h4", "h1", "h2"],
        ["GET", "h4"],
        ["PFCOUNT", "h4"],
        ["GET", "h4"],
        ["PFMERGE", "h1", "h3"],
        ["PFCOUNT", "h1"],
        ["PFDEBUG", "ENCODING", "h1"],
        ["PFDEBUG", "DECODE", "h3"],
        ["PFDEBUG", "TODENSE", "h3"],
        ["PFDEBUG", "TODENSE", "h3"],
        ["PFDEBUG", "ENCODING", "h3"],
        ["PFDEBUG", "DECODE", "h3"],
        ["PFDEBUG", "NOPE", "h3"],
        ["PFDEBUG", "ENCODING", "nokey"],
        ["PFADD", "hnew"],
        ["PFADD", "hnew"],
        ["PFCOUNT", "hnew"],
        ["GET", "hnew"],
        ["SET", "hs", "not an hll string"],
        ["PFADD", "hs", "a"],
        ["PFCOUNT", "hs"],
        ["PFCOUNT", "h1", "hs"],
        ["PFMERGE", "hs", "h1"],
        ["PFMERGE", "h1", "hs"],
        ["LPUSH", "hl", "a"],
        ["PFADD", "hl", "a"],
        ["PFCOUNT", "hl"],
        ["SET", "hc", "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff\x01"],
        ["PFCOUNT", "hc"],
        ["PFADD", "hc", "x"],
        ["PFCOUNT", "hc", "h1"],
        ["SET", "hd", "HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80xx"],
        ["PFCOUNT", "hd"],
    ]
    return cmds


def main():
    port = free_port()
    srv = subprocess.Popen([SERVER, "--port", str(port), "--bind", "127.0.0.1",
                            "--save", "", "--appendonly", "no"],
                           stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                c = Conn(port)
                c.cmd(["PING"])
                break
            except OSError:
                time.sleep(0.05)
        r = random.Random(20261127)
        for cmd in geo_commands(r) + hll_commands(r):
            reply = c.cmd(cmd)
            print(json.dumps({"cmd": cmd, "reply": reply.decode("latin-1")}))
    finally:
        srv.terminate()
        srv.wait()


if __name__ == "__main__":
    main()
