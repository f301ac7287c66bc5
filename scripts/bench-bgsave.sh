#!/usr/bin/env bash
# Measures what a background save costs the clients that keep writing:
# write latency percentiles at a fixed rate without a save and while
# BGSAVE runs back to back, and the peak RSS growth during the saves.
#
#   scripts/bench-bgsave.sh [strata|redis]   (default: strata)
#
# Dataset (issue #5): KEYS string keys of 16 bytes (DEBUG POPULATE) plus
# HASHES hashes of 20 fields. Load: RATE SETs/s from CONNS connections of
# keys lat:0 to lat:KEYS-1 (the dataset grows as they are first written),
# DURATION per phase after 2 s of warm-up. The latency tool itself sends
# the BGSAVEs and samples the server's RSS every 50 ms.
# Environment (defaults in brackets): KEYS [1000000] HASHES [100000]
# RATE [20000] CONNS [50] DURATION [10s] ROUNDS [3] SERVER_CPU [0]
# CLIENT_CPU [1] STRATA_BIN (default: built from this checkout) SERVER_ARGS.
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
# Everything but the server runs on the client's core, so that no helper
# process lands on the server's core and shows up as its latency.
taskset -pc "$CLIENT_CPU" $$ >/dev/null
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
# SERVER_ARGS adds directives, for instance "--strata-gc-percent 400".
read -r -a extra <<<"${SERVER_ARGS:-}"
args+=("${extra[@]}")
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
echo "# $TARGET: dbsize $(cli dbsize), RSS $((base_rss / 1024)) MB, $(nproc --all) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

phase() { # $1 = quiet|bgsave
	local d=$DURATION save=()
	if [[ $1 == bgsave ]]; then
		save=(-bgsave loop -pid "$PID")
		[[ -n $SINGLE ]] && d=$SAVE_WINDOW save=(-bgsave once -pid "$PID")
	fi
	taskset -c "$CLIENT_CPU" "$WORK/latency" -addr "127.0.0.1:$PORT" -rate "$RATE" -conns "$CONNS" \
		-duration "$d" -keys "$KEYS" -writes 1 "${save[@]}" >"$WORK/lat.out"
	echo "$1 $(head -1 "$WORK/lat.out")"
	if [[ $1 == bgsave ]]; then
		local saves peak outlasted
		read -r saves peak outlasted < <(tail -1 "$WORK/lat.out" | awk -F'[ =]' '{print $2, $4, $6}')
		echo "bgsave saves=$saves peak_rss_growth_mb=$(((peak - base_rss) / 1024)) growth_pct=$(((peak - base_rss) * 100 / base_rss))${SINGLE:+ save_outlasted_window=$outlasted}"
	fi
}

for round in $(seq "$ROUNDS"); do
	phase quiet
	phase bgsave
done
