#!/usr/bin/env bash
# Issue 9, items 5 and 6, side by side in one run on one machine:
#   1. a dataset of 1,000,000 synthetic profiles in 500 establishments
#      (needsplan synth --establishments 500), made once under $DATA;
#   2. its needs aggregation by needsplan, DuckDB (@duckdb/node-api, on the
#      Parquet file) and pandas (Debian python3-pandas, on the CSV), checked
#      to agree exactly, with median wall times (bench/needs_check.sh);
#   3. peak memory (max RSS) of `needsplan needs` and `needsplan gap` on it;
#   4. the simulation kernel against SimPy 3 and a bare heap loop
#      (bench/simqueue.sh).
# Results go in docs/performance.md with the machine details printed first.
#
# Usage: bench/peers.sh [RUNS]        (default 5 timed runs of each tool)
#
# Needs: Go; Node.js with @duckdb/node-api in $NODE_PATH (default
# /tmp/duck/node_modules: mkdir -p /tmp/duck && cd /tmp/duck && npm install
# @duckdb/node-api); /usr/bin/python3 with pandas and simpy (apt-get install
# python3-pandas python3-simpy3); GNU time (/usr/bin/time, package time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
DATA=${DATA:-/tmp/needsplan-peers}
export NODE_PATH=${NODE_PATH:-/tmp/duck/node_modules}

echo "date:   $(date -u '+%F %T UTC')"
echo "nproc:  $(nproc); memory: $(free -b | awk '/^Mem:/ {print $2}') bytes"
[ -r /proc/cpuinfo ] && echo "cpu:    $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg)"
echo "go:     $(go version)"
echo "node:   $(node --version)"
echo "python: $(/usr/bin/python3 -c 'import sys, pandas; print(sys.version.split()[0], "pandas", pandas.__version__)')"
echo

bin=$(mktemp -d)/needsplan
go build -o "$bin" ./cmd/needsplan
export NEEDSPLAN=$bin

ds=$DATA/m1-e500
if [ ! -f "$ds/profiles.parquet" ]; then
	echo "== generating $ds"
	"$bin" synth --seed 3 --people 1000000 --establishments 500 --out "$ds"
fi
ls -l "$ds/profiles.parquet" "$ds/csv/profiles.csv"
asof=2025-06-30

echo
echo "== peak memory (GNU time: max RSS), one run each"
for cmd in needs gap; do
	/usr/bin/time -f "$cmd: %e s wall, %U s user, %S s sys, max RSS %M KiB" \
		"$bin" "$cmd" --dataset "$ds" --as-of "$asof" --format csv --out "$(mktemp -d)/$cmd.csv"
done

echo
echo "== needs aggregation: needsplan, DuckDB, pandas ($runs runs each)"
bench/needs_check.sh "$ds" "$asof" "$runs"

echo
echo "== simulation kernel against SimPy"
bench/simqueue.sh
