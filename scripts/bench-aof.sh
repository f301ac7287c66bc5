#!/usr/bin/env bash
# Throughput of Strata against redis-server 7.0.15 with the AOF on, same
# fsync policy for both, each server pinned to SERVER_CPU and the load
# generator to CLIENT_CPU; the two servers alternate within every round and
# the median of the rounds is reported (markdown).
#
#   scripts/bench-aof.sh
#
# Environment: POLICIES ["always everysec"], TESTS [set,incr], PIPELINES
# ["1 16"], N [100000], ROUNDS [3], CLIENTS [50], SERVER_CPU [0],
# CLIENT_CPU [1], STRATA_BIN, REDIS_SERVER. Data directories live under
# TMPDIR (use a real disk: fsync cost is the point).
set -euo pipefail

POLICIES=${POLICIES:-"always everysec"}
TESTS=${TESTS:-set,incr}
PIPELINES=${PIPELINES:-"1 16"}
N=${N:-100000}
ROUNDS=${ROUNDS:-3}
CLIENTS=${CLIENTS:-50}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/strata-bench-aof.XXXXXX")
declare -A PID PORT

cleanup() {
	local s
	for s in "${!PID[@]}"; do stop "$s"; done
	rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z ${STRATA_BIN:-} ]]; then
	STRATA_BIN=$WORK/strata
	(cd "$ROOT" && go build -o "$STRATA_BIN" ./cmd/strata)
fi

free_port() {
	local p=$((20000 + RANDOM % 12000))
	while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
	echo "$p"
}

start() {
	local name=$1 policy=$2 dir port i
	dir=$(mktemp -d "$WORK/$name.XXXXXX")
	port=$(free_port)
	local args=(--port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly yes --appendfsync "$policy")
	if [[ $name == redis ]]; then
		taskset -c "$SERVER_CPU" "$REDIS_SERVER" "${args[@]}" >"$WORK/$name.log" 2>&1 &
	else
		taskset -c "$SERVER_CPU" "$STRATA_BIN" server "${args[@]}" >"$WORK/$name.log" 2>&1 &
	fi
	PID[$name]=$!
	PORT[$name]=$port
	for i in $(seq 100); do
		[[ $(redis-cli -p "$port" ping 2>/dev/null) == PONG ]] && return 0
		sleep 0.1
	done
	echo "$name did not start" >&2
	cat "$WORK/$name.log" >&2
	exit 1
}

stop() {
	local pid=${PID[$1]:-}
	[[ -n $pid ]] || return 0
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	unset "PID[$1]"
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print 0; else print v[int((NR+1)/2)]}'; }

bench_once() {
	local name=$1 policy=$2 p=$3
	redis-cli -p "${PORT[$name]}" flushall >/dev/null
	taskset -c "$CLIENT_CPU" redis-benchmark -h 127.0.0.1 -p "${PORT[$name]}" -q \
		-c "$CLIENTS" -n "$N" -t "$TESTS" -P "$p" 2>/dev/null | tr '\r' '\n' |
		grep 'requests per second' |
		sed -E 's/^([^:]+): ([0-9.]+) requests per second.*/\1|\2/' >>"$WORK/$name.$policy.$p"
}

echo "| policy | test | pipeline | redis ops/s | strata ops/s | strata/redis |"
echo "|---|---|---:|---:|---:|---:|"
for policy in $POLICIES; do
	start redis "$policy"
	start strata "$policy"
	for round in $(seq "$ROUNDS"); do
		first=redis second=strata
		((round % 2 == 0)) && first=strata second=redis
		for p in $PIPELINES; do
			bench_once "$first" "$policy" "$p"
			bench_once "$second" "$policy" "$p"
		done
	done
	stop redis
	stop strata
	for p in $PIPELINES; do
		for t in $(cut -d'|' -f1 "$WORK/redis.$policy.$p" | sort -u); do
			r=$(grep "^$t|" "$WORK/redis.$policy.$p" | cut -d'|' -f2 | median)
			s=$(grep "^$t|" "$WORK/strata.$policy.$p" | cut -d'|' -f2 | median)
			echo "| $policy | $t | $p | $r | $s | $(awk -v a="$r" -v b="$s" 'BEGIN{printf "%.2f", b/a}') |"
		done
	done
done
