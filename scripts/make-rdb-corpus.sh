#!/bin/sh
# make-rdb-corpus.sh OUTDIR [PORT]
#
# Uses a real redis-server 7.0.x on PATH to write RDB files covering every
# type and encoding 7.0 writes (plus compressed and PLAIN quicklist nodes,
# LRU/LFU prefixes, functions) into OUTDIR, for the interop suite. Not needed
# by `go test ./...`. The server binds 127.0.0.1, works in its own temp
# directory and is stopped with SHUTDOWN NOSAVE.
set -eu
out=${1:?usage: make-rdb-corpus.sh OUTDIR [PORT]}
port=${2:-7199}
command -v redis-server >/dev/null || { echo "redis-server not on PATH" >&2; exit 1; }
redis-server --version | grep -q 'v=7\.0\.' || { echo "need redis-server 7.0.x" >&2; exit 1; }
mkdir -p "$out"
work=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

start() { # start NAME [server options...]
	name=$1; shift
	redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --dbfilename "$name.rdb" \
		--save "" --appendonly no --enable-debug-command local --daemonize no "$@" \
		>"$work/$name.log" 2>&1 &
	pid=$!
	i=0
	until redis-cli -p "$port" PING 2>/dev/null | grep -q PONG; do
		i=$((i + 1)); [ $i -lt 100 ] || { cat "$work/$name.log" >&2; exit 1; }
		sleep 0.1
	done
}
stop() { # stop NAME: save, shut down, collect the file
	redis-cli -p "$port" SAVE >/dev/null
	redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
	wait "$pid" 2>/dev/null || true
	pid=
	cp "$work/$1.rdb" "$out/$1.rdb"
	echo "wrote $out/$1.rdb"
}
r() { redis-cli -p "$port" "$@" >/dev/null; }

fill() {
	r SET str:int 12345; r SET str:int64 9223372036854775807; r SET str:text "hello world"
	r SET str:lzf "$(printf 'abcdefghij%.0s' $(seq 1 50))"
	r SET 12345 int-key; r PEXPIREAT str:text 4102444800123
	r RPUSH list:small a 0 127 -4096 32767 8388607 2147483647 9223372036854775807 text
	r RPUSH list:big $(seq -f 'item:%04g' 0 999)
	r SADD set:intset 1 2 3 -32768 32767; r SADD set:intset64 5000000000 -1
	r SADD set:strings a b c; r SADD set:bigint $(seq 0 599)
	r ZADD zset:small 1 a 2.5 b inf c -inf d 0.1 e
	r ZADD zset:big $(seq 0 199 | awk '{print $1*1.5, "m" $1}')
	r HSET hash:small f1 v1 num 42; r HSET hash:big $(seq 0 599 | awk '{print "field:" $1, "value:" $1}')
	r HSET hash:longvalue k "$(printf 'v%.0s' $(seq 1 100))"
	r XADD stream 1-1 f v; r XADD stream 1-2 f v2; r XADD stream 2-0 other x
	r XGROUP CREATE stream g1 0; r XREADGROUP GROUP g1 alice COUNT 2 STREAMS stream '>'
	r XGROUP CREATE stream g2 '$'; r XDEL stream 1-2
	r -n 1 SET db1:key v
}

start all-types; fill; stop all-types
start nocompress --rdbcompression no; fill; stop nocompress
start nochecksum --rdbchecksum no; fill; stop nochecksum
start lru --maxmemory-policy allkeys-lru; r SET a 1; r RPUSH l x; stop lru
start lfu --maxmemory-policy allkeys-lfu; r SET a 1; r RPUSH l x; stop lfu
start quicklist-special
r CONFIG SET list-compress-depth 1
r RPUSH list:compressed $(seq -f 'element-number-%05g' 0 1999)
r DEBUG QUICKLIST-PACKED-THRESHOLD 1000
r RPUSH list:plain before "$(printf 'PLAIN%.0s' $(seq 1 400))" after
stop quicklist-special
start functions
redis-cli -p "$port" FUNCTION LOAD "#!lua name=corpuslib
redis.register_function('f', function() return 1 end)" >/dev/null
r SET k v
stop functions
start empty; stop empty
