#!/usr/bin/env bash
# Benchmarks Strata against a real redis-server 7.0.15 on this machine and
# prints markdown tables.
#
#   scripts/bench.sh [throughput|memory|latency|all]   (default: all)
#   scripts/bench.sh streams    XADD and XREADGROUP throughput
#   scripts/bench.sh collections  RSS of 200k hashes of 10 fields, a list
#                               of 1M elements and a sorted set of 1M members
#   scripts/bench.sh load       time from start to first PONG with a
#                               KEYS-key dump.rdb (written by redis-server)
#
# Each server runs pinned to one core (SERVER_CPU) and the load generator to
# another (CLIENT_CPU), persistence off for both. Throughput alternates the
# two servers within every round and reports the median of the rounds.
# Environment (defaults in brackets):
#
#   N [200000]            requests per redis-benchmark run
#   ROUNDS [3]            alternating rounds
#   CLIENTS [50]          redis-benchmark -c
#   PIPELINES ["1 16"]    redis-benchmark -P values
#   TESTS [set,get,incr,mset]  groups of tests separated by spaces; the
#                         servers alternate per group, e.g. "lpush,rpush,
#                         lpop,rpop sadd,spop hset zadd,zpopmin"
#   KEYS [1000000]        keys loaded in memory mode (16-byte values)
#   RATE [20000] CONNS [20] DURATION [10s]   latency mode
#   SETTLE [12]           collections mode: seconds more before the settled RSS
#   SERVER_CPU [0] CLIENT_CPU [1]
#   STRATA_BIN            a strata binary (default: built from this checkout)
#   REDIS_SERVER          redis-server (default: from PATH)
set -euo pipefail

MODE=${1:-all}
N=${N:-200000}
ROUNDS=${ROUNDS:-3}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-"1 16"}
TESTS=${TESTS:-set,get,incr,mset}
KEYS=${KEYS:-1000000}
RATE=${RATE:-20000}
CONNS=${CONNS:-20}
DURATION=${DURATION:-10s}
SETTLE=${SETTLE:-12}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/strata-bench.XXXXXX")
declare -A PID PORT

cleanup() {
	local s
	for s in "${!PID[@]}"; do stop "$s"; done
	rm -rf "$WORK"
}
trap cleanup EXIT

build() {
	if [[ -z ${STRATA_BIN:-} ]]; then
		STRATA_BIN=$WORK/strata
		(cd "$ROOT" && go build -o "$STRATA_BIN" ./cmd/strata)
	fi
	(cd "$ROOT" && go build -o "$WORK/latency" ./scripts/latency)
}

free_port() {
	# Below the kernel's ephemeral range, so no client socket holds it.
	local p=$((20000 + RANDOM % 12000))
	while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
	echo "$p"
}

# start NAME launches a fresh server pinned to SERVER_CPU, retrying on
# another port if the chosen one was taken meanwhile.
start() {
	local attempt
	for attempt in 1 2 3; do
		start_once "$1" && return 0
	done
	echo "$1 did not start:" >&2
	cat "$WORK/$1.log" >&2
	exit 1
}

start_once() {
	local name=$1 dir port
	dir=$(mktemp -d "$WORK/$name.XXXXXX")
	port=$(free_port)
	local args=(--port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no)
	if [[ $name == redis ]]; then
		taskset -c "$SERVER_CPU" "$REDIS_SERVER" "${args[@]}" >"$WORK/$name.log" 2>&1 &
	else
		taskset -c "$SERVER_CPU" "$STRATA_BIN" server "${args[@]}" >"$WORK/$name.log" 2>&1 &
	fi
	PID[$name]=$!
	PORT[$name]=$port
	local i
	for i in $(seq 100); do
		[[ $(redis-cli -p "$port" ping 2>/dev/null) == PONG ]] && return 0
		kill -0 "${PID[$name]}" 2>/dev/null || break
		sleep 0.1
	done
	stop "$name"
	return 1
}

stop() {
	local pid=${PID[$1]:-}
	[[ -n $pid ]] || return 0
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	unset "PID[$1]"
}

cli() { redis-cli -p "${PORT[$1]}" "${@:2}"; }

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print 0; else print v[int((NR+1)/2)]}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }'; }

# bench_once NAME PIPELINE GROUP appends "test rps" lines to $WORK/NAME.P:
# one redis-benchmark run of GROUP's tests (comma-separated) on an empty
# server.
bench_once() {
	local name=$1 p=$2 group=$3
	cli "$name" flushall >/dev/null
	taskset -c "$CLIENT_CPU" redis-benchmark -h 127.0.0.1 -p "${PORT[$name]}" -q \
		-c "$CLIENTS" -n "$N" -t "$group" -P "$p" 2>/dev/null | tr '\r' '\n' |
		grep 'requests per second' |
		sed -E 's/^([^:]+): ([0-9.]+) requests per second.*/\1|\2/' >>"$WORK/$name.$p"
}

# alternate ONCE GROUP... runs ONCE NAME PIPELINE GROUP for both servers,
# one group after the other, ROUNDS times over PIPELINES, and prints the
# table of medians. The servers alternate per group, so the two runs of a
# test are seconds apart, not a whole sequence of tests: on this shared
# machine the host's speed drifts within a minute.
alternate() {
	local once=$1
	shift
	start redis
	start strata
	local round p g first second
	for round in $(seq "$ROUNDS"); do
		# Alternate who goes first so drift (thermal, neighbours) hits both.
		first=redis second=strata
		((round % 2 == 0)) && first=strata second=redis
		for p in $PIPELINES; do
			for g in "$@"; do
				"$once" "$first" "$p" "$g"
				"$once" "$second" "$p" "$g"
			done
		done
		echo "round $round/$ROUNDS done" >&2
	done
	stop redis
	stop strata
	table
}

# TESTS is one or more groups separated by spaces, each a comma-separated
# list of redis-benchmark tests that run together (pops after their pushes).
# shellcheck disable=SC2086
throughput() { alternate bench_once $TESTS; }

# bench_stream_once NAME PIPELINE appends "XADD|rps" and "XREADGROUP|rps"
# to $WORK/NAME.P: N entries added by 50 clients, then read back one by
# one through a consumer group.
bench_stream_once() {
	local name=$1 p=$2 bench
	bench=(taskset -c "$CLIENT_CPU" redis-benchmark -h 127.0.0.1 -p "${PORT[$name]}" -q -c "$CLIENTS" -n "$N" -P "$p")
	cli "$name" flushall >/dev/null
	cli "$name" xgroup create s g '$' mkstream >/dev/null
	"${bench[@]}" xadd s '*' field value 2>/dev/null | tr '\r' '\n' | grep 'requests per second' |
		sed -E 's/^[^:]+: ([0-9.]+) requests per second.*/XADD|\1/' >>"$WORK/$name.$p"
	"${bench[@]}" xreadgroup group g c count 1 streams s '>' 2>/dev/null | tr '\r' '\n' | grep 'requests per second' |
		sed -E 's/^[^:]+: ([0-9.]+) requests per second.*/XREADGROUP|\1/' >>"$WORK/$name.$p"
}

streams() { alternate bench_stream_once streams; }

# table prints the medians of $WORK/{redis,strata}.P side by side.
table() {
	echo "| test | pipeline | redis ops/s | strata ops/s | strata/redis |"
	echo "|---|---:|---:|---:|---:|"
	local t r s p
	for p in $PIPELINES; do
		while IFS= read -r t; do
			r=$(grep -F "$t|" "$WORK/redis.$p" | cut -d'|' -f2 | median)
			s=$(grep -F "$t|" "$WORK/strata.$p" | cut -d'|' -f2 | median)
			echo "| $t | $p | $r | $s | $(ratio "$r" "$s") |"
		done < <(cut -d'|' -f1 "$WORK/redis.$p" | awk '!seen[$0]++')
	done
}

# load writes a KEYS-key dump.rdb with redis-server (DEBUG POPULATE, 16-byte
# values), then starts each server on a copy of it, alternating, and times
# the start to the first PONG.
load() {
	local round name dir t0 t1 port
	dir=$(mktemp -d "$WORK/rdb.XXXXXX")
	"$REDIS_SERVER" --port 0 --unixsocket "$dir/s.sock" --dir "$dir" --save "" --appendonly no \
		--enable-debug-command yes >"$WORK/populate.log" 2>&1 &
	local pid=$!
	until redis-cli -s "$dir/s.sock" ping >/dev/null 2>&1; do sleep 0.05; done
	redis-cli -s "$dir/s.sock" debug populate "$KEYS" key 16 >/dev/null
	redis-cli -s "$dir/s.sock" save >/dev/null
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	for round in $(seq "$ROUNDS"); do
		for name in redis strata; do
			mkdir -p "$WORK/load.$name"
			cp "$dir/dump.rdb" "$WORK/load.$name/dump.rdb"
			port=$(free_port)
			t0=$(date +%s.%N)
			if [[ $name == redis ]]; then
				taskset -c "$SERVER_CPU" "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --dir "$WORK/load.$name" \
					--save "" --appendonly no >"$WORK/$name.log" 2>&1 &
			else
				taskset -c "$SERVER_CPU" "$STRATA_BIN" server --port "$port" --bind 127.0.0.1 --dir "$WORK/load.$name" \
					--save "" --appendonly no >"$WORK/$name.log" 2>&1 &
			fi
			PID[$name]=$!
			PORT[$name]=$port
			until [[ $(redis-cli -p "$port" ping 2>/dev/null) == PONG ]]; do sleep 0.005; done
			t1=$(date +%s.%N)
			[[ $(cli "$name" dbsize) == "$KEYS" ]] || { echo "$name loaded $(cli "$name" dbsize) keys" >&2; exit 1; }
			echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}') $(rss_kb "${PID[$name]}")" >>"$WORK/load.$name.times"
			stop "$name"
		done
		echo "load round $round/$ROUNDS done" >&2
	done
	echo "| server | keys | RDB size | seconds to first PONG (median) | every round | RSS after load |"
	echo "|---|---:|---:|---:|---|---:|"
	for name in redis strata; do
		echo "| $name | $KEYS | $(mb $(($(stat -c %s "$dir/dump.rdb") / 1024))) | $(cut -d' ' -f1 "$WORK/load.$name.times" | median) s | $(cut -d' ' -f1 "$WORK/load.$name.times" | tr '\n' ' ') | $(mb "$(cut -d' ' -f2 "$WORK/load.$name.times" | median)") |"
	done
}

# memory loads KEYS keys of 16-byte values through redis-cli --pipe (the
# same bytes for both servers) and reads RSS from /proc.
memory() {
	awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) { k = "key:" i; v = sprintf("%016d", i);
		printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$16\r\n%s\r\n", length(k), k, v } }' >"$WORK/load.resp"
	echo "| server | keys | RSS before | RSS after load | used_memory | load time | notes |"
	echo "|---|---:|---:|---:|---:|---:|---|"
	local name rss0 rss1 used t0 t1 notes rss_r=0 rss_s=0
	for name in redis strata; do
		start "$name"
		rss0=$(rss_kb "${PID[$name]}")
		t0=$(date +%s.%N)
		taskset -c "$CLIENT_CPU" redis-cli -p "${PORT[$name]}" --pipe <"$WORK/load.resp" >"$WORK/pipe.out"
		t1=$(date +%s.%N)
		grep -q "errors: 0, replies: $KEYS" "$WORK/pipe.out" || { cat "$WORK/pipe.out" >&2; exit 1; }
		sleep 2
		rss1=$(rss_kb "${PID[$name]}")
		used=$(cli "$name" info memory | tr -d '\r' | awk -F: '$1=="used_memory_human"{print $2}')
		notes="dbsize $(cli "$name" dbsize)"
		if [[ $name == strata ]]; then
			notes="$notes; $(cli "$name" info | tr -d '\r' | grep -E '^gc_(cycles|pause_total_ns|cpu_fraction):' | tr '\n' ' ')"
			rss_s=$rss1
		else
			rss_r=$rss1
		fi
		printf '| %s | %d | %s | %s | %s | %.1f s | %s |\n' "$name" "$KEYS" "$(mb "$rss0")" "$(mb "$rss1")" \
			"$used" "$(awk -v a="$t0" -v b="$t1" "BEGIN{print b-a}")" "$notes"
		stop "$name"
	done
	echo
	echo "RSS ratio strata/redis after load: $(ratio "$rss_r" "$rss_s")"
}

# collections loads each collection dataset into a fresh server of each
# kind (the same bytes through redis-cli --pipe) and compares RSS.
collections() {
	awk 'BEGIN { for (i = 0; i < 200000; i++) { printf "*22\r\n$4\r\nHSET\r\n$%d\r\nhash:%d\r\n", length("hash:" i), i;
		for (j = 0; j < 10; j++) { f = "field:" j; v = sprintf("value:%08d", i); printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(f), f, length(v), v } } }' >"$WORK/hashes.resp"
	awk 'BEGIN { for (c = 0; c < 1000; c++) { printf "*1002\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n";
		for (j = 0; j < 1000; j++) { e = sprintf("element:%07d", c * 1000 + j); printf "$%d\r\n%s\r\n", length(e), e } } }' >"$WORK/list.resp"
	awk 'BEGIN { for (c = 0; c < 1000; c++) { printf "*2002\r\n$4\r\nZADD\r\n$4\r\nzset\r\n";
		for (j = 0; j < 1000; j++) { n = c * 1000 + j; sc = n ""; m = sprintf("member:%07d", n);
			printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(sc), sc, length(m), m } } }' >"$WORK/zset.resp"
	echo "| dataset | redis RSS | strata RSS | strata/redis | growth redis | growth strata | strata/redis | settled redis | settled strata | strata/redis | redis encoding | strata encoding |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
	local ds name rss0 rss1 key enc_r enc_s grown_r grown_s rss_r rss_s set_r set_s
	for ds in hashes list zset; do
		case $ds in hashes) key=hash:0 ;; list) key=list ;; zset) key=zset ;; esac
		for name in redis strata; do
			start "$name"
			rss0=$(rss_kb "${PID[$name]}")
			taskset -c "$CLIENT_CPU" redis-cli -p "${PORT[$name]}" --pipe <"$WORK/$ds.resp" >"$WORK/pipe.out"
			grep -q "errors: 0" "$WORK/pipe.out" || { cat "$WORK/pipe.out" >&2; exit 1; }
			sleep 3
			rss1=$(rss_kb "${PID[$name]}")
			# Settled: both allocators hand freed memory back lazily
			# (jemalloc's dirty pages decay over 10 s; Strata collects
			# once it has been idle for 2 s).
			sleep "$SETTLE"
			if [[ $name == redis ]]; then
				rss_r=$rss1 grown_r=$((rss1 - rss0)) enc_r=$(cli "$name" object encoding "$key")
				set_r=$(rss_kb "${PID[$name]}")
			else
				rss_s=$rss1 grown_s=$((rss1 - rss0)) enc_s=$(cli "$name" object encoding "$key")
				set_s=$(rss_kb "${PID[$name]}")
			fi
			stop "$name"
		done
		echo "| $ds | $(mb "$rss_r") | $(mb "$rss_s") | $(ratio "$rss_r" "$rss_s") | $(mb "$grown_r") | $(mb "$grown_s") | $(ratio "$grown_r" "$grown_s") | $(mb "$set_r") | $(mb "$set_s") | $(ratio "$set_r" "$set_s") | $enc_r | $enc_s |"
	done
	echo
	echo "RSS 3 s after the load; growth from the empty server's RSS; settled: RSS $((3 + SETTLE)) s after the load."
}

rss_kb() { awk '$1=="VmRSS:"{print $2}' "/proc/$1/status"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

# latency runs the fixed-rate generator against each server, alternating
# over ROUNDS, and reports the median of each percentile.
latency() {
	local round name out first second
	for round in $(seq "$ROUNDS"); do
		first=redis second=strata
		((round % 2 == 0)) && first=strata second=redis
		for name in $first $second; do
			start "$name"
			out=$(taskset -c "$CLIENT_CPU" "$WORK/latency" -addr "127.0.0.1:${PORT[$name]}" \
				-rate "$RATE" -conns "$CONNS" -duration "$DURATION")
			stop "$name"
			echo "$out" >>"$WORK/lat.$name"
		done
		echo "latency round $round/$ROUNDS done" >&2
	done
	echo "| server | achieved req/s | conns | p50 ms | p99 ms | p99.9 ms | max ms |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for name in redis strata; do
		echo "| $name | $(field rate "$name") | $CONNS | $(field p50_ms "$name") | $(field p99_ms "$name") | $(field p999_ms "$name") | $(field max_ms "$name") |"
	done
}

# field KEY NAME is the median of KEY=value over NAME's latency rounds.
field() { tr ' ' '\n' <"$WORK/lat.$2" | awk -F= -v k="$1" '$1==k{print $2}' | median; }

main() {
	build
	echo "<!-- $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); redis $("$REDIS_SERVER" --version | awk '{print $3}'); $(go version | awk '{print $3}'); load average $(cut -d' ' -f1-3 /proc/loadavg) -->"
	case $MODE in
	throughput) throughput ;;
	memory) memory ;;
	latency) latency ;;
	streams) streams ;;
	load) load ;;
	collections) collections ;;
	all)
		echo "### Throughput (redis-benchmark -q -c $CLIENTS -n $N -t $TESTS, median of $ROUNDS rounds)"
		echo
		throughput
		echo
		echo "### Memory ($KEYS keys, 16-byte values)"
		echo
		memory
		echo
		echo "### Latency ($RATE req/s from $CONNS connections, SET/GET 50/50, $DURATION, median of $ROUNDS rounds)"
		echo
		latency
		;;
	*)
		echo "usage: $0 [throughput|memory|latency|streams|load|collections|all]" >&2
		exit 2
		;;
	esac
}

main
