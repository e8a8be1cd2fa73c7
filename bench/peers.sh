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
# With BASE=REV, needsplan is also built at git revision REV (from `git
# archive`, leaving the checkout and its git state alone, with
# -buildvcs=false as scripts/identical.sh does) and every needsplan figure is
# given before and after, in the same run: rows `needsplan (before, REV)` and
# `needsplan (now)` in the table of 3 (timed in the same interleaved loop as
# the peers), with the two binaries' needs outputs from the Parquet and from
# the CSV checked byte for byte (cmp); a gap line for each binary in 4; a
# simulate line for each in 5, their runs interleaved (now, before, then
# again), and whether their outputs are the same bytes.
# Results go in docs/performance.md with the machine details printed first.
#
# Usage: bench/peers.sh [RUNS]        (default 5 runs of each, medians)
#        BASE=e72890f bench/peers.sh 3 (and before/after rows for e72890f)
#
# Environment:
#   DATA       where the generated dataset is kept (default /tmp/needsplan-peers;
#              the dataset is $DATA/m1-e125)
#   DUCK_DIR   where @duckdb/node-api is installed (default /tmp/duck)
#   THREADS    DuckDB threads (default: DuckDB's own, one per core)
#   BASE       a git revision to compare with (default: none, no before rows)
#
# Needs: Go, root for apt-get the first time (bench/install-peers.sh installs
# the rest from Debian and npm), about 200 MB under $DATA.
set -euo pipefail
runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { sed -n '/^# Usage:/,/^#$/p' "$0" | sed '$d' | cut -c3- >&2; exit 2; }
cd "$(dirname "$0")/.."
DATA=${DATA:-/tmp/needsplan-peers}
export DUCK_DIR=${DUCK_DIR:-/tmp/duck}
export NODE_PATH=${NODE_PATH:-$DUCK_DIR/node_modules}

echo "date:   $(date -u '+%F %T UTC')"
echo "nproc:  $(nproc); memory: $(free -b | awk '/^Mem:/ {print $2}') bytes"
[ -r /proc/cpuinfo ] && echo "cpu:    $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg)"
echo "go:     $(go version)"
BASE=${BASE:-}
if [ -n "$BASE" ]; then
	baserev=$(git rev-parse --verify --quiet "$BASE^{commit}") ||
		{ echo "peers: BASE $BASE: not a revision of $(pwd)" >&2; exit 2; }
	echo "before: $BASE (${baserev:0:12}); now: the working tree of $(git rev-parse --short HEAD)"
fi
echo
bench/install-peers.sh
echo

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/needsplan
go build -o "$bin" ./cmd/needsplan
export NEEDSPLAN=$bin
if [ -n "$BASE" ]; then
	echo "== building needsplan at $BASE (${baserev:0:12})"
	mkdir "$tmp/src"
	git archive "$baserev" | tar -x -C "$tmp/src"
	(cd "$tmp/src" && go build -buildvcs=false -o "$tmp/needsplan-base" ./cmd/needsplan)
	export NEEDSPLAN_BASE=$tmp/needsplan-base BASE
else
	unset NEEDSPLAN_BASE
fi

ds=$DATA/m1-e125
if [ ! -f "$ds/profiles.parquet" ] || [ ! -f "$ds/csv/profiles.csv" ]; then
	echo "== generating $ds"
	rm -rf "$ds"
	mkdir -p "$DATA"
	"$bin" synth --seed 3 --people 1000000 --out "$ds"
fi
asof=2025-06-30

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
declare -A ws rs
# sample LABEL CMD...: one whole-process run of CMD (output discarded), its
# wall time from the shell (ms) and GNU time's peak RSS (KiB) appended to
# ws[LABEL] and rs[LABEL].
sample() {
	local label=$1 t0 t1
	shift
	t0=$(date +%s%N)
	/usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err" "$tmp/rss" >&2; exit 1; }
	t1=$(date +%s%N)
	ws[$label]+=" $(((t1 - t0) / 1000000))"
	rs[$label]+=" $(tail -n 1 "$tmp/rss")"
}
# medians LABEL: sets wall_ms and rss_kib to the medians of LABEL's samples.
medians() {
	wall_ms=$(median ${ws[$1]})
	rss_kib=$(median ${rs[$1]})
}
# same NAME A B: prints whether files A and B (the outputs before and now)
# are the same bytes.
same() {
	if cmp -s "$2" "$3"; then
		echo "OK: $1 before ($BASE) and now: byte-identical outputs ($(wc -c <"$3") bytes)"
	else
		echo "DIFFER: $1 before ($BASE) and now: the outputs differ"
	fi
}

echo
echo "== needs by establishment: needsplan, DuckDB, pandas ($runs runs each)"
bench/needs_check.sh "$ds" "$asof" "$runs" "${THREADS:-0}"

echo
echo "== peak memory of needsplan gap on $ds (Parquet), one run${BASE:+ of each}"
sample now "$bin" gap --dataset "$ds" --as-of "$asof" --format csv --out "$tmp/gap.csv"
[ -z "$BASE" ] || sample before "$NEEDSPLAN_BASE" gap --dataset "$ds" --as-of "$asof" --format csv --out "$tmp/gap-base.csv"
if [ -n "$BASE" ]; then labels=("before:gap (before, $BASE)" "now:gap (now)"); else labels=("now:gap"); fi
for l in "${labels[@]}"; do
	medians "${l%%:*}"
	awk -v w="$wall_ms" -v r="$rss_kib" -v t="${l#*:}" 'BEGIN {printf "%s: %.2f s wall, peak RSS %.0f MiB\n", t, w / 1000, r / 1024}'
done
[ -z "$BASE" ] || same gap "$tmp/gap-base.csv" "$tmp/gap.csv"
ws=() rs=()

echo
echo "== estate simulation: needsplan simulate --years 5 --replications 20 --seed 1 (embedded dataset, $runs runs)"
for _ in $(seq "$runs"); do
	sample now "$bin" simulate --years 5 --replications 20 --seed 1 --out "$tmp/simulate.txt"
	[ -z "$BASE" ] || sample before "$NEEDSPLAN_BASE" simulate --years 5 --replications 20 --seed 1 --out "$tmp/simulate-base.txt"
done
if [ -n "$BASE" ]; then labels=("before:simulate (before, $BASE)" "now:simulate (now)"); else labels=("now:simulate"); fi
for l in "${labels[@]}"; do
	medians "${l%%:*}"
	awk -v w="$wall_ms" -v r="$rss_kib" -v c="$(nproc)" -v t="${l#*:}" 'BEGIN {
		printf "%s: %.2f s wall (whole process, median), %.3f s per replication on %d cores, peak RSS %.0f MiB\n",
			t, w / 1000, w / 1000 / 20, c, r / 1024 }'
done
[ -z "$BASE" ] || same simulate "$tmp/simulate-base.txt" "$tmp/simulate.txt"

echo
echo "== simulation kernel against SimPy"
bench/simqueue.sh
