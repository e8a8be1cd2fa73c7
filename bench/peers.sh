#!/usr/bin/env bash
# needsplan against its peers, in one run on one machine (issues 9 and 20):
#   1. the machine, and the peers installed and their versions
#      (bench/install-peers.sh: pandas, SimPy, GNU time, Node.js and
#      @duckdb/node-api);
#   2. a dataset of 1,000,000 synthetic profiles in the 125 real
#      establishments (needsplan synth --seed 3 --people 1000000: Parquet,
#      and csv/ a CSV copy), made once under $DATA;
#   3. the needs aggregation by establishment by needsplan, DuckDB (on the
#      Parquet and the CSV) and pandas (on the CSV), checked to agree
#      exactly, as a markdown table of whole-process median wall times and
#      peak RSS (bench/needs_check.sh);
#   4. peak memory of `needsplan gap` on the same dataset;
#   5. the estate simulation, `needsplan simulate --years 5 --replications
#      20 --seed 1` on the embedded dataset: whole-process wall time and peak
#      RSS, and seconds per replication;
#   6. the simulation kernel against SimPy 3 and a bare heap loop
#      (bench/simqueue.sh).
# Results go in docs/performance.md with the machine details printed first.
#
# Usage: bench/peers.sh [RUNS]        (default 5 runs of each, medians)
#
# Environment:
#   DATA       where the generated dataset is kept (default /tmp/needsplan-peers;
#              the dataset is $DATA/m1-e125)
#   DUCK_DIR   where @duckdb/node-api is installed (default /tmp/duck)
#   THREADS    DuckDB threads (default: DuckDB's own, one per core)
#
# Needs: Go, root for apt-get the first time (bench/install-peers.sh installs
# the rest from Debian and npm), about 200 MB under $DATA.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { sed -n '/^# Usage:/p' "$0" | cut -c3- >&2; exit 2; }
DATA=${DATA:-/tmp/needsplan-peers}
export DUCK_DIR=${DUCK_DIR:-/tmp/duck}
export NODE_PATH=${NODE_PATH:-$DUCK_DIR/node_modules}

echo "date:   $(date -u '+%F %T UTC')"
echo "nproc:  $(nproc); memory: $(free -b | awk '/^Mem:/ {print $2}') bytes"
[ -r /proc/cpuinfo ] && echo "cpu:    $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg)"
echo "go:     $(go version)"
echo
bench/install-peers.sh
echo

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/needsplan
go build -o "$bin" ./cmd/needsplan
export NEEDSPLAN=$bin

ds=$DATA/m1-e125
if [ ! -f "$ds/profiles.parquet" ] || [ ! -f "$ds/csv/profiles.csv" ]; then
	echo "== generating $ds"
	rm -rf "$ds"
	mkdir -p "$DATA"
	"$bin" synth --seed 3 --people 1000000 --out "$ds"
fi
asof=2025-06-30

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# timed N CMD...: N whole-process runs of CMD (output discarded); sets
# wall_ms and rss_kib to the medians of the wall time from the shell and of
# GNU time's peak RSS.
timed() {
	local n=$1 t0 t1 ws=() rs=()
	shift
	for _ in $(seq "$n"); do
		t0=$(date +%s%N)
		/usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err" ||
			{ cat "$tmp/err" "$tmp/rss" >&2; exit 1; }
		t1=$(date +%s%N)
		ws+=($(((t1 - t0) / 1000000)))
		rs+=("$(tail -n 1 "$tmp/rss")")
	done
	wall_ms=$(median "${ws[@]}")
	rss_kib=$(median "${rs[@]}")
}

echo
echo "== needs by establishment: needsplan, DuckDB, pandas ($runs runs each)"
bench/needs_check.sh "$ds" "$asof" "$runs" "${THREADS:-0}"

echo
echo "== peak memory of needsplan gap on $ds (Parquet), one run"
timed 1 "$bin" gap --dataset "$ds" --as-of "$asof" --format csv --out "$tmp/gap.csv"
awk -v w="$wall_ms" -v r="$rss_kib" 'BEGIN {printf "gap: %.2f s wall, peak RSS %.0f MiB\n", w / 1000, r / 1024}'

echo
echo "== estate simulation: needsplan simulate --years 5 --replications 20 --seed 1 (embedded dataset, $runs runs)"
timed "$runs" "$bin" simulate --years 5 --replications 20 --seed 1 --out "$tmp/simulate.txt"
awk -v w="$wall_ms" -v r="$rss_kib" -v c="$(nproc)" 'BEGIN {
	printf "simulate: %.2f s wall (whole process, median), %.3f s per replication on %d cores, peak RSS %.0f MiB\n",
		w / 1000, w / 1000 / 20, c, r / 1024 }'

echo
echo "== simulation kernel against SimPy"
bench/simqueue.sh
