#!/bin/sh
# make-damaged-corpus.sh OUTDIR [SEED] [PORT]
#
# Builds the damaged-file corpus for the checker agreement test
# (interop/checkers_test.go): real redis-server 7.0.15 output, then damaged
# copies of it. Every case is a directory OUTDIR/<case>/ holding either an
# appendonlydir/ (checked through its manifest), a single AOF file
# "single.aof", or an RDB "dump.rdb"; OUTDIR/cases lists "<case> <target>"
# with the target path relative to the case directory.
#
# Sources (from redis-server, 127.0.0.1 only, its own temp dir, stopped
# with SHUTDOWN NOSAVE):
#   preamble  appendonlydir with an RDB-preamble base and an incr file with
#             MULTI/EXEC, SELECT and #TS annotations (aof-timestamp-enabled)
#   respbase  the same with aof-use-rdb-preamble no (RESP base)
#   rdb       a dump.rdb with every type
# Damage: the last file truncated at random offsets, bytes flipped at random
# offsets, garbage and zeros appended; the base damaged (not the last file);
# a missing incr part; manifests with a bad line. Offsets come from awk's
# rand seeded with SEED, so a corpus is reproducible.
set -eu
out=${1:?usage: make-damaged-corpus.sh OUTDIR [SEED] [PORT]}
seed=${2:-1}
port=${3:-7299}
command -v redis-server >/dev/null || { echo "redis-server not on PATH" >&2; exit 1; }
redis-server --version | grep -q 'v=7\.0\.' || { echo "need redis-server 7.0.x" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

start() { # start DIR [options...]
	dir=$1; shift
	mkdir -p "$dir"
	redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --daemonize no "$@" \
		>"$dir.log" 2>&1 &
	pid=$!
	i=0
	until redis-cli -p "$port" PING 2>/dev/null | grep -q PONG; do
		i=$((i + 1)); [ $i -lt 100 ] || { cat "$dir.log" >&2; exit 1; }
		sleep 0.1
	done
}
stop() {
	redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
	wait "$pid" 2>/dev/null || true
	pid=
}
r() { redis-cli -p "$port" "$@" >/dev/null; }
waitrewrite() {
	until redis-cli -p "$port" INFO persistence | grep -q 'aof_rewrite_in_progress:0'; do sleep 0.1; done
	sleep 0.2
}
fill() {
	r SET str:a hello; r SET str:n 42; r RPUSH list a b c; r SADD set x y z
	r HSET hash f1 v1 f2 v2; r ZADD zset 1 a 2 b; r -n 3 SET db3:key v
	r SET big "$(printf 'x%.0s' $(seq 1 300))"
}
incr_writes() {
	for i in $(seq 1 40); do r INCR counter; r SET "k:$i" "value-$i"; done
	printf 'MULTI\nSET tx:a 1\nINCR tx:n\nEXEC\n' | redis-cli -p "$port" >/dev/null
	r -n 5 RPUSH db5:list p q; r HSET hash f3 v3; r EXPIREAT str:a 4102444800
	printf 'MULTI\nLPUSH tx:l a\nSET tx:b 2\nEXEC\n' | redis-cli -p "$port" >/dev/null
	sleep 1.1; r SET late 1
}

source_aof() { # source_aof NAME preamble(yes|no)
	start "$work/$1" --appendonly yes --aof-use-rdb-preamble "$2" --aof-timestamp-enabled yes
	fill; r BGREWRITEAOF; waitrewrite; incr_writes; stop
}
source_aof preamble yes
source_aof respbase no
start "$work/rdb" --appendonly no --dbfilename dump.rdb; fill; incr_writes; r SAVE; stop

# Helpers on one case directory.
newcase() { # newcase CASE SOURCE TARGET: copy a source, register the case
	mkdir -p "$out/$1"
	case $3 in
	appendonlydir/*) cp -r "$work/$2/appendonlydir" "$out/$1/" ;;
	single.aof) cp "$(ls "$work/$2"/appendonlydir/*.incr.aof | head -1)" "$out/$1/single.aof" ;;
	single-base.aof) cp "$(ls "$work/$2"/appendonlydir/*.base.* | head -1)" "$out/$1/single-base.aof" ;;
	dump.rdb) cp "$work/$2/dump.rdb" "$out/$1/" ;;
	esac
	echo "$1 $3" >>"$out/cases"
}
size() { wc -c <"$1" | tr -d ' '; }
rnd() { # rnd N K: K random numbers in [0,N)
	awk -v n="$1" -v k="$2" -v s="$seed$3" 'BEGIN { srand(s); for (i = 0; i < k; i++) print int(rand() * n) }'
}
truncate_at() { head -c "$2" "$1" >"$1.t" && mv "$1.t" "$1"; }
flip_at() { # flip_at FILE OFF: xor the byte with a random non-zero mask
	mask=$(( ($2 * 7919 + seed) % 255 + 1 ))
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	v=$(( b ^ mask ))
	printf "$(printf '\\%03o' "$v")" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
incr_of() { ls "$1"/appendonlydir/*.incr.aof | tail -1; }
base_of() { ls "$1"/appendonlydir/*.base.* | head -1; }

for src in preamble respbase; do
	newcase "$src-clean" $src appendonlydir/appendonly.aof.manifest
	f=$(incr_of "$work/$src"); n=$(size "$f"); i=0
	for off in $(rnd "$n" 8 t$src); do
		i=$((i + 1)); c=$src-incr-trunc-$i
		newcase "$c" $src appendonlydir/appendonly.aof.manifest; truncate_at "$(incr_of "$out/$c")" "$off"
	done
	i=0
	for off in $(rnd "$n" 8 f$src); do
		i=$((i + 1)); c=$src-incr-flip-$i
		newcase "$c" $src appendonlydir/appendonly.aof.manifest; flip_at "$(incr_of "$out/$c")" "$off"
	done
	c=$src-incr-garbage; newcase $c $src appendonlydir/appendonly.aof.manifest
	printf 'garbage\r\nmore' >>"$(incr_of "$out/$c")"
	c=$src-incr-zeros; newcase $c $src appendonlydir/appendonly.aof.manifest
	head -c 37 /dev/zero >>"$(incr_of "$out/$c")"
	c=$src-incr-halfcmd; newcase $c $src appendonlydir/appendonly.aof.manifest
	printf '*3\r\n$3\r\nSET\r\n$1\r\nk' >>"$(incr_of "$out/$c")"
	b=$(base_of "$work/$src"); n=$(size "$b"); i=0
	for off in $(rnd "$n" 3 b$src); do
		i=$((i + 1)); c=$src-base-trunc-$i
		newcase "$c" $src appendonlydir/appendonly.aof.manifest; truncate_at "$(base_of "$out/$c")" "$off"
		c=$src-base-flip-$i
		newcase "$c" $src appendonlydir/appendonly.aof.manifest; flip_at "$(base_of "$out/$c")" "$off"
	done
	c=$src-missing-incr; newcase $c $src appendonlydir/appendonly.aof.manifest
	rm "$(incr_of "$out/$c")"
	i=0
	for bad in 'file appendonly.aof.9.incr.aof seq 9' 'file dir/x.aof seq 9 type i' \
		'file appendonly.aof.9.base.rdb seq 9 type b' 'this is not a manifest line' '' \
		'file appendonly.aof.1.incr.aof seq 1 type i'; do
		i=$((i + 1)); c=$src-manifest-bad-$i
		newcase "$c" $src appendonlydir/appendonly.aof.manifest
		printf '%s\n' "$bad" >>"$out/$c/appendonlydir/appendonly.aof.manifest"
	done
	# The incr file alone and the base alone, as old-style single files.
	newcase "$src-single-clean" $src single.aof
	f=$(incr_of "$work/$src"); n=$(size "$f"); i=0
	for off in $(rnd "$n" 4 s$src); do
		i=$((i + 1)); c=$src-single-trunc-$i
		newcase "$c" $src single.aof; truncate_at "$out/$c/single.aof" "$off"
		c=$src-single-flip-$i
		newcase "$c" $src single.aof; flip_at "$out/$c/single.aof" "$off"
	done
	newcase "$src-single-base" $src single-base.aof
	c=$src-single-base-garbage; newcase $c $src single-base.aof
	printf '*1\r\n$4\r\nPING\r\n*2\r\n$3' >>"$out/$c/single-base.aof"
done

newcase rdb-clean rdb dump.rdb
n=$(size "$work/rdb/dump.rdb"); i=0
for off in $(rnd "$n" 10 r); do
	i=$((i + 1))
	newcase "rdb-trunc-$i" rdb dump.rdb; truncate_at "$out/rdb-trunc-$i/dump.rdb" "$off"
	newcase "rdb-flip-$i" rdb dump.rdb; flip_at "$out/rdb-flip-$i/dump.rdb" "$off"
done
newcase rdb-garbage rdb dump.rdb; printf 'trailing garbage' >>"$out/rdb-garbage/dump.rdb"
newcase rdb-empty rdb dump.rdb; : >"$out/rdb-empty/dump.rdb"
echo "wrote $(wc -l <"$out/cases") cases to $out (seed $seed)"
