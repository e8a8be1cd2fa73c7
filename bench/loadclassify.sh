#!/usr/bin/env bash
# Benchmark: load 100k and 1M generated profiles from Parquet, classify them
# and analyse needs by establishment (analysis/bench_test.go). Prints the
# machine it ran on first, so results can be compared across machines.
# Usage: bench/loadclassify.sh [extra go test flags]
set -euo pipefail
cd "$(dirname "$0")/.."

echo "date:     $(date -u +%F)"
echo "cpus:     $(nproc)"
echo "memory:   $(free -h | awk '/^Mem:/ {print $2}') total ($(free -b | awk '/^Mem:/ {print $2}') bytes)"
echo "go:       $(go version)"
if [ -r /proc/cpuinfo ]; then
	echo "cpu:      $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
fi
echo

go test ./analysis -run '^$' -bench 'LoadClassifyNeeds' -benchtime 3x -count 3 "$@"
