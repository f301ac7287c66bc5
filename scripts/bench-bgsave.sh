#!/usr/bin/env bash
# Measures what a background save costs the clients that keep writing:
# write latency percentiles at a fixed rate without a save and while
# BGSAVE runs back to back, and the peak RSS growth during the saves.
#
#   scripts/bench-bgsave.sh [strata|redis]   (default: strata)
#
# Dataset (issue #5): KEYS string keys of 16 bytes (DEBUG POPULATE) plus
# HASHES hashes of 20 fields. Load: RATE SETs/s from CONNS connections
# over the string keys, DURATION per phase after 2 s of warm-up.
# Environment (defaults in brackets): KEYS [1000000] HASHES [100000]
# RATE [20000] CONNS [50] DURATION [10s] ROUNDS [3] SERVER_CPU [0]
# CLIENT_CPU [1] STRATA_BIN (default: built from this checkout).
# SINGLE=1 measures one BGSAVE instead of back-to-back ones: it starts
# when the load's warm-up ends, and the writes are measured for
# SAVE_WINDOW [2s] (the line says whether the save outlasted the window).
set -euo pipefail

TARGET=${1:-strata}
KEYS=${KEYS:-1000000}
HASHES=${HASHES:-100000}
RATE=${RATE:-20000}
CONNS=${CONNS:-50}
DURATION=${DURATION:-10s}
SINGLE=${SINGLE:-}
SAVE_WINDOW=${SAVE_WINDOW:-2s}
ROUNDS=${ROUNDS:-3}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/strata-bgsave.XXXXXX")
PID=
cleanup() {
	[[ -n $PID ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z ${STRATA_BIN:-} ]]; then
	STRATA_BIN=$WORK/strata
	(cd "$ROOT" && go build -o "$STRATA_BIN" ./cmd/strata)
fi
(cd "$ROOT" && go build -o "$WORK/latency" ./scripts/latency)

PORT=$((20000 + RANDOM % 12000))
args=(--port "$PORT" --bind 127.0.0.1 --appendonly no --save "" --dir "$WORK" --enable-debug-command yes)
if [[ $TARGET == redis ]]; then
	taskset -c "$SERVER_CPU" redis-server "${args[@]}" >"$WORK/server.log" 2>&1 &
else
	taskset -c "$SERVER_CPU" "$STRATA_BIN" server "${args[@]}" >"$WORK/server.log" 2>"${STRATA_STDERR:-/dev/null}" &
fi
PID=$!
cli() { redis-cli -p "$PORT" "$@"; }
until [[ $(cli ping 2>/dev/null) == PONG ]]; do sleep 0.05; done

cli debug populate "$KEYS" key 16 >/dev/null
python3 - "$HASHES" >"$WORK/hashes.resp" <<'PY'
import sys
out = sys.stdout.buffer
for i in range(int(sys.argv[1])):
    args = [b"HSET", b"hash:%d" % i]
    for f in range(20):
        args += [b"field:%d" % f, b"value:%010d" % f]
    out.write(b"*%d\r\n" % len(args))
    for a in args:
        out.write(b"$%d\r\n%s\r\n" % (len(a), a))
PY
cli --pipe <"$WORK/hashes.resp" >/dev/null
sleep 2
rss_kb() { awk '$1=="VmRSS:"{print $2}' "/proc/$PID/status"; }
base_rss=$(rss_kb)
echo "# $TARGET: dbsize $(cli dbsize), RSS $((base_rss / 1024)) MB, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

in_progress() { cli info persistence | tr -d '\r' | awk -F: '$1=="rdb_bgsave_in_progress"{print $2}'; }

# saver keeps a BGSAVE running until told to stop, sampling RSS.
saver() {
	local peak=0 saves=0 r outlasted=
	[[ -n $SINGLE ]] && sleep 2 # the load's warm-up
	while [[ ! -e $WORK/stop ]]; do
		if [[ $(in_progress) == 0 ]] && [[ -z $SINGLE || $saves == 0 ]]; then
			cli bgsave >/dev/null
			saves=$((saves + 1))
		fi
		r=$(rss_kb)
		((r > peak)) && peak=$r
		sleep 0.05
	done
	outlasted=$(in_progress)
	while [[ $(in_progress) == 1 ]]; do
		r=$(rss_kb)
		((r > peak)) && peak=$r
		sleep 0.05
	done
	echo "$saves $peak $outlasted" >"$WORK/saver.out"
}

phase() { # $1 = quiet|bgsave
	rm -f "$WORK/stop"
	local sp=
	if [[ $1 == bgsave ]]; then
		saver &
		sp=$!
	fi
	local d=$DURATION
	[[ $1 == bgsave && -n $SINGLE ]] && d=$SAVE_WINDOW
	taskset -c "$CLIENT_CPU" "$WORK/latency" -addr "127.0.0.1:$PORT" -rate "$RATE" -conns "$CONNS" \
		-duration "$d" -keys "$KEYS" -writes 1 >"$WORK/lat.out"
	touch "$WORK/stop"
	[[ -n $sp ]] && wait "$sp"
	echo "$1 $(cat "$WORK/lat.out")"
	if [[ $1 == bgsave ]]; then
		read -r saves peak outlasted <"$WORK/saver.out"
		echo "bgsave saves=$saves peak_rss_growth_mb=$(((peak - base_rss) / 1024)) growth_pct=$(((peak - base_rss) * 100 / base_rss))${SINGLE:+ save_outlasted_window=$outlasted}"
	fi
}

for round in $(seq "$ROUNDS"); do
	phase quiet
	phase bgsave
done
