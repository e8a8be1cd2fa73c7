#!/usr/bin/env bash
# Side by side: the needs aggregation by establishment from needsplan, DuckDB
# (bench/needs_duckdb.mjs) and pandas (bench/needs_pandas.py), each timed as
# WHOLE PROCESSES on the Parquet and on the CSV profiles (pandas: CSV only);
# checked to agree EXACTLY on every establishment's people, need and
# assessed counts per section, LDC and screened, stale and dated assessments
# and the PNI pathway mix (bench/needs_compare.py), needsplan's output from
# the CSV profiles checked byte for byte against its output from the
# Parquet; then a markdown table of median wall times and peak RSS (issues 9
# and 20). With NEEDSPLAN_BASE (a needsplan binary built at an earlier
# revision, as bench/peers.sh BASE=REV does), that binary is timed too, in
# the same loop, as rows `needsplan (before, REV)` beside `needsplan (now)`,
# and its outputs from the Parquet and from the CSV are checked byte for byte
# (cmp) against the current binary's.
#
# Usage: bench/needs_check.sh DATASET_DIR DATASET_DATE [RUNS] [THREADS]
#
#   DATASET_DIR   a dataset directory: its profiles.parquet (if any) is the
#                 Parquet input; its csv/profiles.csv (needsplan synth writes
#                 one), else its profiles.csv, the CSV input. needsplan reads
#                 the CSV from a temporary dataset directory of symbolic links
#                 to DATASET_DIR's establishments and offerings and the CSV
#                 profiles (a dataset directory holds one profiles table)
#   DATASET_DATE  the dataset date (needsplan --as-of)
#   RUNS          runs of each tool on each input, medians reported (default 5)
#   THREADS       DuckDB threads (default: DuckDB's own, one per core)
#
# Environment:
#   NEEDSPLAN  the needsplan binary (default: built from this checkout with go build)
#   NEEDSPLAN_BASE  a needsplan binary built at an earlier revision, timed and
#              compared beside NEEDSPLAN (default: none, no before rows)
#   BASE       the revision NEEDSPLAN_BASE was built at, for the row label
#              (default: base)
#   NODE_PATH  where @duckdb/node-api is installed (default /tmp/duck/node_modules)
#   PYTHON     the Python with pandas (default /usr/bin/python3)
#
# Needs: Go, Node.js with @duckdb/node-api, Debian's python3-pandas and GNU
# time (/usr/bin/time): bench/install-peers.sh installs them.
#
# Examples:
#   go run ./cmd/needsplan synth --seed 5 --people 5000 --out /tmp/peers/small
#   bench/needs_check.sh /tmp/peers/small 2025-06-30
#   bench/needs_check.sh testdata/sample 2025-03-31 1
#
# Every time is the wall time of a whole process measured from the shell:
# needsplan's covers start-up, loading, classification and programme demand
# (which the peers do not compute); DuckDB's and pandas' include Node.js and
# Python start-up and imports. Each process runs its work once; the runs are
# interleaved (needsplan, DuckDB, pandas, then again; with NEEDSPLAN_BASE
# each needsplan run now is followed by the run before on the same input).
# The in-process times the peers print (the DuckDB query alone; pandas' read
# and aggregation) are reported below the table. Peak RSS is GNU time's %M
# (maximum resident set size), the median over the runs.
#
# Exit status: 0 all agree, 1 a disagreement or a tool failed, 2 usage.
set -euo pipefail

usage() {
	sed -n '/^# Usage:/,/^# Examples:/p' "$0" | sed '$d' | cut -c3- >&2
	exit 2
}
[ $# -ge 2 ] && [ $# -le 4 ] || usage
dir=$1
asof=$2
runs=${3:-5}
threads=${4:-0}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "needs_check: RUNS $runs: want a whole number >= 1" >&2; usage; }
[[ $threads =~ ^[0-9]+$ ]] || { echo "needs_check: THREADS $threads: want a whole number" >&2; usage; }
[ -d "$dir" ] || { echo "needs_check: $dir: not a directory" >&2; usage; }
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
python=${PYTHON:-/usr/bin/python3}
export NODE_PATH=${NODE_PATH:-/tmp/duck/node_modules}
[ -x /usr/bin/time ] || { echo "needs_check: no GNU time (/usr/bin/time): run bench/install-peers.sh" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -z "${NEEDSPLAN:-}" ]; then
	(cd "$root" && go build -o "$tmp/needsplan" ./cmd/needsplan)
	NEEDSPLAN=$tmp/needsplan
fi
base=${NEEDSPLAN_BASE:-}
baselabel=${BASE:-base}
[ -z "$base" ] || [ -x "$base" ] || { echo "needs_check: NEEDSPLAN_BASE $base: not an executable" >&2; exit 1; }

# The inputs: the Parquet profiles and the dataset directory holding them;
# the CSV profiles and a dataset directory holding them.
pq=""
[ -f "$dir/profiles.parquet" ] && pq=$dir/profiles.parquet
if [ -f "$dir/csv/profiles.csv" ]; then
	csv=$dir/csv/profiles.csv
	csvds=$tmp/csv-dataset
	mkdir "$csvds"
	for f in "$dir"/establishments.* "$dir"/offerings.* "$csv"; do
		[ -f "$f" ] && ln -s "$(realpath "$f")" "$csvds/"
	done
elif [ -f "$dir/profiles.csv" ]; then
	csv=$dir/profiles.csv
	csvds=$dir
else
	echo "needs_check: $dir: no csv/profiles.csv nor profiles.csv (pandas needs the CSV)" >&2
	exit 1
fi

declare -A ms rss inq
# run LABEL OUT CMD...: one whole-process run of CMD, its standard output to
# OUT and its standard error to $tmp/LABEL.err; the wall time in ms (from
# the shell) and the peak RSS in KiB (GNU time) appended to ms[LABEL] and
# rss[LABEL].
run() {
	local label=$1 out=$2 t0 t1
	shift 2
	t0=$(date +%s%N)
	if ! /usr/bin/time -f %M -o "$tmp/$label.rss" "$@" >"$out" 2>"$tmp/$label.err"; then
		echo "needs_check: $label failed: $*" >&2
		cat "$tmp/$label.err" "$tmp/$label.rss" >&2
		exit 1
	fi
	t1=$(date +%s%N)
	ms[$label]+=" $(((t1 - t0) / 1000000))"
	rss[$label]+=" $(tail -n 1 "$tmp/$label.rss")"
}
# The in-process times the peers print on standard error.
grab() { # LABEL KEY SED-REGEX: append the first match's group to inq[LABEL.KEY]
	inq[$1.$2]+=" $(sed -n "s/$3/\\1/p" "$tmp/$1.err" | head -n 1)"
}

echo "date: $(date -u +%FT%TZ); cpus: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dataset: $dir (as of $asof); runs: $runs of each whole process"
for f in ${pq:+"$pq"} "$csv"; do echo "  $(du -Lh "$f" | cut -f1)  $f"; done

[ -z "$base" ] || echo "before: $base ($baselabel); now: $NEEDSPLAN"
for _ in $(seq "$runs"); do
	if [ -n "$pq" ]; then
		run needsplan-parquet /dev/null "$NEEDSPLAN" needs --dataset "$dir" --by establishment \
			--format csv --as-of "$asof" --out "$tmp/needsplan-parquet.csv"
		if [ -n "$base" ]; then
			run base-parquet /dev/null "$base" needs --dataset "$dir" --by establishment \
				--format csv --as-of "$asof" --out "$tmp/base-parquet.csv"
		fi
	fi
	run needsplan-csv /dev/null "$NEEDSPLAN" needs --dataset "$csvds" --by establishment \
		--format csv --as-of "$asof" --out "$tmp/needsplan-csv.csv"
	if [ -n "$base" ]; then
		run base-csv /dev/null "$base" needs --dataset "$csvds" --by establishment \
			--format csv --as-of "$asof" --out "$tmp/base-csv.csv"
	fi
	if [ -n "$pq" ]; then
		run duckdb-parquet "$tmp/duckdb-parquet.csv" node "$bench/needs_duckdb.mjs" "$pq" "$asof" "$threads" 1
		grab duckdb-parquet query '.*query ms median \([0-9.]*\).*'
	fi
	run duckdb-csv "$tmp/duckdb-csv.csv" node "$bench/needs_duckdb.mjs" "$csv" "$asof" "$threads" 1
	grab duckdb-csv query '.*query ms median \([0-9.]*\).*'
	run pandas "$tmp/pandas.csv" "$python" "$bench/needs_pandas.py" "$csv" "$asof" 1
	grab pandas read '.* read \([0-9.]*\),.*'
	grab pandas aggregate '.* aggregate \([0-9.]*\),.*'
	grab pandas total '.* total \([0-9.]*\) .*'
done

# The check: the three tools agree; needsplan's two outputs are the same bytes.
status=0
echo
if [ -n "$pq" ]; then
	"$python" "$bench/needs_compare.py" "$tmp/needsplan-parquet.csv" \
		"duckdb-parquet=$tmp/duckdb-parquet.csv" "duckdb-csv=$tmp/duckdb-csv.csv" \
		"pandas=$tmp/pandas.csv" || status=1
	if cmp -s "$tmp/needsplan-parquet.csv" "$tmp/needsplan-csv.csv"; then
		echo "OK: needsplan's output from the CSV profiles is byte-identical to its output from the Parquet ($(wc -l <"$tmp/needsplan-csv.csv") lines)"
	else
		echo "FAIL: needsplan's outputs from the CSV and the Parquet profiles differ:"
		diff "$tmp/needsplan-parquet.csv" "$tmp/needsplan-csv.csv" | head -n 20
		status=1
	fi
else
	"$python" "$bench/needs_compare.py" "$tmp/needsplan-csv.csv" \
		"duckdb-csv=$tmp/duckdb-csv.csv" "pandas=$tmp/pandas.csv" || status=1
fi
# Before and now: the same bytes from each input.
if [ -n "$base" ]; then
	for input in ${pq:+parquet} csv; do
		name=Parquet
		[ "$input" = csv ] && name=CSV
		if cmp -s "$tmp/base-$input.csv" "$tmp/needsplan-$input.csv"; then
			echo "OK: needsplan before ($baselabel) and now give byte-identical outputs from the $name profiles ($(wc -l <"$tmp/needsplan-$input.csv") lines)"
		else
			echo "FAIL: needsplan before ($baselabel) and now give different outputs from the $name profiles:"
			diff "$tmp/base-$input.csv" "$tmp/needsplan-$input.csv" | head -n 20
			status=1
		fi
	done
fi

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# secs LABEL / mib LABEL: the median wall time in seconds / peak RSS in MiB, or — if not run.
secs() { if [ -n "${ms[$1]:-}" ]; then median ${ms[$1]} | awk '{printf "%.2f s", $1 / 1000}'; else printf '—'; fi; }
mib() { median ${rss[$1]} | awk '{printf "%.0f MiB", $1 / 1024}'; }
both() { # TOOL: the peak RSS cell of a tool run on both inputs
	if [ -n "$pq" ]; then printf '%s Parquet, %s CSV' "$(mib "$1-parquet")" "$(mib "$1-csv")"; else printf '%s CSV' "$(mib "$1-csv")"; fi
}

echo
echo "| | Parquet | CSV | peak RSS |"
echo "| --- | ---: | ---: | --- |"
if [ -n "$base" ]; then
	echo "| needsplan (before, $baselabel) | $(secs base-parquet) | $(secs base-csv) | $(both base) |"
	echo "| needsplan (now) | $(secs needsplan-parquet) | $(secs needsplan-csv) | $(both needsplan) |"
else
	echo "| \`needsplan needs --by establishment\` | $(secs needsplan-parquet) | $(secs needsplan-csv) | $(both needsplan) |"
fi
echo "| DuckDB (node, the same counts) | $(secs duckdb-parquet) | $(secs duckdb-csv) | $(both duckdb) |"
echo "| pandas (CSV) | — | $(secs pandas) | $(mib pandas) |"
echo
echo "Wall times of whole processes from the shell, medians of $runs runs; peak RSS from GNU time (%M), medians."
q() { median ${inq[$1]} | awk '{printf "%.0f ms", $1}'; }
if [ -n "$pq" ]; then
	echo "In process: the DuckDB query alone $(q duckdb-parquet.query) (Parquet), $(q duckdb-csv.query) (CSV);" \
		"pandas reading $(q pandas.read) + aggregating $(q pandas.aggregate) = $(q pandas.total) (medians)."
else
	echo "In process: the DuckDB query alone $(q duckdb-csv.query) (CSV);" \
		"pandas reading $(q pandas.read) + aggregating $(q pandas.aggregate) = $(q pandas.total) (medians)."
fi
echo "Runs (ms):"
for label in base-parquet base-csv needsplan-parquet needsplan-csv duckdb-parquet duckdb-csv pandas; do
	[ -n "${ms[$label]:-}" ] && echo "  $label:${ms[$label]}  (peak RSS KiB:${rss[$label]})"
done
exit $status
