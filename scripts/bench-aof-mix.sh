#!/usr/bin/env bash
# Two AOF measurements on Strata alone (pinned to SERVER_CPU):
#
#  reads   50 clients GET settled keys while 20 clients SET other keys,
#          under appendfsync always with every fsync delayed DELAY_MS (DEBUG
#          AOF-DELAY-FSYNC), against the same mix under appendfsync no: the
#          GET rate ratio shows whether reads wait for others' fsyncs.
#  rewrite p99 SET latency (20 clients, N requests) on KEYS keys, without
#          and with a BGREWRITEAOF started 0.3 s into the run.
#
# Environment: N [200000], KEYS [1000000], DELAY_MS [5], SERVER_CPU [0],
# CLIENT_CPU [1], STRATA_BIN. Output: markdown lines; the read mix is the
# median of three alternating rounds.
set -euo pipefail

N=${N:-200000}
KEYS=${KEYS:-1000000}
DELAY_MS=${DELAY_MS:-5}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/strata-bench-mix.XXXXXX")
PID=""
trap '[[ -n $PID ]] && kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

if [[ -z ${STRATA_BIN:-} ]]; then
	STRATA_BIN=$WORK/strata
	(cd "$ROOT" && go build -o "$STRATA_BIN" ./cmd/strata)
fi
PORT=$((20000 + RANDOM % 12000))

start() {
	local dir
	dir=$(mktemp -d "$WORK/d.XXXXXX")
	taskset -c "$SERVER_CPU" "$STRATA_BIN" server --port "$PORT" --bind 127.0.0.1 --dir "$dir" --save "" \
		--appendonly yes --appendfsync "$1" --enable-debug-command yes --auto-aof-rewrite-percentage 0 \
		>"$WORK/strata.log" 2>&1 &
	PID=$!
	for _ in $(seq 100); do
		[[ $(redis-cli -p "$PORT" ping 2>/dev/null) == PONG ]] && return 0
		sleep 0.1
	done
	cat "$WORK/strata.log" >&2
	exit 1
}

stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }

bench() { taskset -c "$CLIENT_CPU" redis-benchmark -p "$PORT" "$@" 2>/dev/null | tr '\r' '\n'; }

rps() { grep 'requests per second' | tail -1 | sed -E 's/.*: ([0-9.]+) requests per second.*/\1/'; }

# p99 of a non-quiet redis-benchmark run (latency summary: avg min p50 p95 p99 max).
p99() { grep -A2 'latency summary' | tail -1 | awk '{print $5}'; }

reads_mix() {
	start "$1"
	bench -q -c 50 -n 100000 -r 10000 SET settled:__rand_int__ v >/dev/null
	sleep 0.5
	[[ $1 == always ]] && redis-cli -p "$PORT" debug aof-delay-fsync "$DELAY_MS" >/dev/null
	bench -q -c 20 -n $((N * 4)) -r 10000 SET hot:__rand_int__ v >/dev/null &
	local w=$!
	sleep 0.3
	bench -q -c 50 -n "$N" -r 10000 GET settled:__rand_int__ | rps
	kill $w 2>/dev/null || true
	wait $w 2>/dev/null || true
	stop
}

rewrite_p99() {
	start everysec
	redis-cli -p "$PORT" debug populate "$KEYS" >/dev/null
	redis-cli -p "$PORT" bgrewriteaof >/dev/null
	sleep 1
	while redis-cli -p "$PORT" info persistence | grep -q 'aof_rewrite_in_progress:1'; do sleep 0.2; done
	local base during
	base=$(bench -c 20 -n "$N" -r "$KEYS" SET key:__rand_int__ v | p99)
	(sleep 0.3; redis-cli -p "$PORT" bgrewriteaof >/dev/null) &
	local rw=$!
	during=$(bench -c 20 -n "$N" -r "$KEYS" SET key:__rand_int__ v | p99)
	wait $rw
	local rewrites
	rewrites=$(redis-cli -p "$PORT" info persistence | grep aof_rewrites: | tr -d '\r')
	stop
	echo "| SET p99 ms, $KEYS keys | $base | $during | $(awk -v a="$base" -v b="$during" 'BEGIN{printf "%.2f", b/a}') | $rewrites |"
}

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
: >"$WORK/no"
: >"$WORK/always"
for round in 1 2 3; do # alternate, so the neighbours' load hits both
	if ((round % 2)); then order="no always"; else order="always no"; fi
	for p in $order; do reads_mix "$p" >>"$WORK/$p"; done
done
no=$(median <"$WORK/no")
always=$(median <"$WORK/always")
echo "| GET ops/s with 20 SET clients | appendfsync no | always, fsync +${DELAY_MS}ms | ratio |"
echo "|---|---:|---:|---:|"
echo "| 50 clients, settled keys | $no | $always | $(awk -v a="$no" -v b="$always" 'BEGIN{printf "%.2f", b/a}') |"
echo
echo "| measure | no rewrite | with a rewrite | ratio | rewrites |"
echo "|---|---:|---:|---:|---|"
rewrite_p99
