#!/usr/bin/env bash
# Runs units of the Redis 7.0 Tcl test suite against a real redis-server and
# against Strata, one fresh server per unit and target, and prints a markdown
# table of passed tests side by side.
#
#   scripts/redis-tcl-suite.sh <redis-src-dir> [unit/NAME ...]
#
# <redis-src-dir> is an unpacked Redis 7.0.15 source tree (only its runtest
# and tests/ are used; nothing is built). Units default to the core list plus
# the collection list below. Environment:
#
#   TARGETS=redis,strata   which servers to run (either or both)
#   STRATA_BIN=path        a strata binary (default: built from this checkout)
#   REDIS_SERVER=path      redis-server 7.0.15 (default: from PATH)
#   UNIT_TIMEOUT=300       seconds per unit and target; a stuck run is killed
#   BASE_PORT=21100        first port tried; busy ports are skipped
#   KEEP_LOGS=dir          keep every runtest log and server log in dir
#   TOLERATE_FUNCTION_FLUSH=1
#                          in the private copy of the suite, let the per-unit
#                          setup go on when FUNCTION FLUSH fails, so that a
#                          server without functions is measured past setup
#                          (report such numbers as "with tolerated setup")
#
# The suite runs in external-server mode (--host/--port), so tests tagged
# external:skip do not run against either server. An [exception] aborts the
# rest of a unit: the table names the test that raised it.
set -euo pipefail

CORE_UNITS="unit/type/string unit/type/incr unit/expire unit/keyspace unit/multi
unit/pubsub unit/scan unit/info-command unit/protocol unit/bitops unit/bitfield
unit/other unit/introspection unit/introspection-2 unit/quit
unit/latency-monitor unit/slowlog unit/pause unit/lazyfree unit/replybufsize
integration/redis-cli"
COLLECTION_UNITS="unit/type/hash unit/type/list unit/type/list-2 unit/type/list-3
unit/type/set unit/type/zset unit/sort"

usage() {
	echo "usage: $0 <redis-src-dir> [unit/NAME ...]" >&2
	exit 2
}

[[ $# -ge 1 ]] || usage
SRC=$(cd "$1" && pwd)
shift
[[ -x $SRC/runtest && -d $SRC/tests ]] || {
	echo "$SRC does not look like a Redis source tree (no runtest, tests/)" >&2
	exit 2
}
UNITS=("$@")
if [[ ${#UNITS[@]} -eq 0 ]]; then
	# shellcheck disable=SC2206 # word splitting of the lists is intended
	UNITS=($CORE_UNITS $COLLECTION_UNITS)
fi

TARGETS=${TARGETS:-redis,strata}
UNIT_TIMEOUT=${UNIT_TIMEOUT:-300}
NEXT_PORT=${BASE_PORT:-21100}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || true)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/strata-tcl.XXXXXX")
SERVER_PID=""

cleanup() {
	stop_server
	if [[ -n ${KEEP_LOGS:-} ]]; then
		mkdir -p "$KEEP_LOGS"
		cp "$WORK"/*.log "$KEEP_LOGS"/ 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

want() { [[ ,$TARGETS, == *,$1,* ]]; }

# prepare_tree copies the suite into a private directory so that runs do not
# write into the caller's tree, and links the installed redis-cli and
# redis-benchmark where the suite looks for them (src/).
prepare_tree() {
	mkdir -p "$WORK/suite/src"
	cp "$SRC/runtest" "$WORK/suite/"
	cp -r "$SRC/tests" "$WORK/suite/"
	if [[ ${TOLERATE_FUNCTION_FLUSH:-} == 1 ]]; then
		sed -i 's/^\( *\)r function flush$/\1catch {r function flush}/' \
			"$WORK/suite/tests/support/server.tcl"
		grep -q 'catch {r function flush}' "$WORK/suite/tests/support/server.tcl" || {
			echo "TOLERATE_FUNCTION_FLUSH: setup line not found in this suite" >&2
			exit 2
		}
	fi
	local tool
	for tool in redis-cli redis-benchmark redis-check-aof redis-check-rdb redis-server; do
		if command -v "$tool" >/dev/null; then
			ln -sf "$(command -v "$tool")" "$WORK/suite/src/$tool"
		fi
	done
}

build_strata() {
	if [[ -z ${STRATA_BIN:-} ]]; then
		STRATA_BIN=$WORK/strata
		(cd "$ROOT" && go build -o "$STRATA_BIN" ./cmd/strata)
	fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

next_port() {
	while port_busy "$NEXT_PORT"; do NEXT_PORT=$((NEXT_PORT + 1)); done
	PORT=$NEXT_PORT
	NEXT_PORT=$((NEXT_PORT + 1))
}

# start_server TARGET LOGNAME starts a fresh server on a free port with its
# own data directory and waits until it answers PING.
start_server() {
	local target=$1 log=$2 dir
	next_port
	dir=$(mktemp -d "$WORK/data.XXXXXX")
	local common=(--port "$PORT" --bind 127.0.0.1 --dir "$dir"
		--enable-debug-command yes --enable-protected-configs yes
		--enable-module-command yes)
	if [[ $target == redis ]]; then
		"$REDIS_SERVER" --save "" --appendonly no "${common[@]}" >"$log" 2>&1 &
	else
		"$STRATA_BIN" server "${common[@]}" >"$log" 2>&1 &
	fi
	SERVER_PID=$!
	local i
	for i in $(seq 100); do
		if redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then
			return 0
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "$target did not start on port $PORT; log:" >&2
	cat "$log" >&2
	return 1
}

stop_server() {
	[[ -n $SERVER_PID ]] || return 0
	kill "$SERVER_PID" 2>/dev/null || true
	local i
	for i in $(seq 50); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=""
}

# run_unit TARGET UNIT sets OK, ERR, NOTE for one run of UNIT against a fresh
# server of TARGET.
run_unit() {
	local target=$1 unit=$2 tag log slog rc=0
	tag=$(echo "$target-$unit" | tr '/' '_')
	log=$WORK/$tag.log
	slog=$WORK/$tag.server.log
	OK=0 ERR=0 NOTE=""
	if ! start_server "$target" "$slog"; then
		stop_server
		NOTE="server did not start"
		return
	fi
	# The suite's own test server listens at baseport-32; a random base keeps
	# two runs on one machine (ours or a colleague's) from colliding.
	local base=$((22000 + RANDOM % 8000))
	(cd "$WORK/suite" && timeout -k 10 "$UNIT_TIMEOUT" ./runtest --host 127.0.0.1 \
		--port "$PORT" --baseport "$base" --portcount 100 --tags -slow --single "$unit") >"$log" 2>&1 || rc=$?
	local crashed=""
	kill -0 "$SERVER_PID" 2>/dev/null || crashed=yes
	stop_server
	sed -i 's/\x1b\[[0-9;]*m//g' "$log"
	OK=$(grep -c '^\[ok\]' "$log" || true)
	ERR=$(grep -c '^\[err\]' "$log" || true)
	local notes=()
	[[ $ERR -eq 0 ]] || notes+=("$ERR err")
	if grep -q '^\[exception\]' "$log"; then
		notes+=("exception in: $(exception_test "$log")")
	fi
	[[ $rc -ne 124 && $rc -ne 137 ]] || notes+=("timeout ${UNIT_TIMEOUT}s")
	[[ -z $crashed ]] || notes+=("server crashed")
	if [[ $OK -eq 0 && $ERR -eq 0 && ${#notes[@]} -eq 0 && $rc -ne 0 ]]; then
		notes+=("runtest exit $rc: $(grep -v '^\s*$' "$log" | tail -1 | cut -c1-120)")
	fi
	NOTE=$(
		IFS=';'
		echo "${notes[*]:-}" | sed 's/;/; /g'
	)
	NOTE=${NOTE//|/\\|}
}

# exception_test names the test that was running when a unit raised an
# exception: the innermost `test {name}` frame of the Tcl stack trace, else
# the test after the last one reported.
exception_test() {
	local name
	name=$(grep -o '"test {[^}]*}' "$1" | head -1 | sed 's/^"test {//; s/}$//' || true)
	if [[ -z $name ]]; then
		name=$(grep -o '"test "[^"]*"' "$1" | head -1 | sed 's/^"test "//; s/"$//' || true)
	fi
	if [[ -z $name ]] && ! grep -qE '^\[(ok|err)\]' "$1"; then
		name="unit setup, before the first test"
	fi
	if [[ -z $name ]]; then
		name="the test after: $(grep -E '^\[(ok|err)\]' "$1" | tail -1 | sed -E 's/^\[(ok|err)\]: //; s/ \([0-9]+ ms\)$//' || true)"
	fi
	local msg
	msg=$(grep -m1 '^\[exception\]' "$1" | sed 's/^\[exception\]: Executing test client: //' | cut -c1-100)
	echo "$name ($msg)"
}

pct() {
	if [[ $1 -gt 0 ]]; then
		echo "$(($2 * 100 / $1))%"
	else
		echo "-"
	fi
}

main() {
	[[ -n $REDIS_SERVER ]] || ! want redis || {
		echo "redis-server not found (set REDIS_SERVER)" >&2
		exit 2
	}
	prepare_tree
	! want strata || build_strata
	local total_r=0 total_s=0 rows=() unit
	for unit in "${UNITS[@]}"; do
		local r_ok=- r_note="" s_ok=- s_err=- s_note=""
		if want redis; then
			run_unit redis "$unit"
			r_ok=$OK r_note=$NOTE
			total_r=$((total_r + OK))
		fi
		if want strata; then
			run_unit strata "$unit"
			s_ok=$OK s_err=$ERR s_note=$NOTE
			total_s=$((total_s + OK))
		fi
		local ratio=-
		[[ $r_ok == - || $s_ok == - ]] || ratio=$(pct "$r_ok" "$s_ok")
		local row="| $unit | $r_ok | $s_ok | $ratio | $s_err | ${s_note} |"
		[[ -z $r_note ]] || row="$row redis: $r_note |"
		rows+=("$row")
		echo "$row" >&2
	done
	echo
	echo "| unit | Redis passed | Strata passed | Strata/Redis % | Strata [err] | Strata notes |"
	echo "|---|---:|---:|---:|---:|---|"
	printf '%s\n' "${rows[@]}"
	local ratio=-
	want redis && want strata && ratio=$(pct "$total_r" "$total_s")
	echo "| **total** | **$total_r** | **$total_s** | **$ratio** | | |"
}

main
