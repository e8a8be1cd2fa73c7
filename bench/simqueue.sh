#!/usr/bin/env bash
# Benchmark: the simulation kernel on a busy M/M/3 queue (λ = 2, mean
# service 1, 3 servers). Runs the idiomatic SimPy 3 version
# (bench/simpy_queue.py) and the two Go benchmarks in analysis/sim
# (BenchmarkQueueKernel: RunQueue; BenchmarkBareHeap: a bare loop over a
# hand-written heap, the practical limit). Prints the machine first.
# Usage: bench/simqueue.sh [SIMPY_HORIZON]   (default 100000, ~200k arrivals)
#
# SimPy 3 comes from Debian's python3-simpy3, which installs for the system
# interpreter /usr/bin/python3; the python3 first on PATH may be another
# one (pyenv here), so the system one is used unless PYTHON is set.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3

echo "date:     $(date -u '+%F %T UTC')"
echo "nproc:    $(nproc)"
if [ -r /proc/cpuinfo ]; then
	echo "cpu:      $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
fi
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg)"
echo "go:       $(go version)"
echo "free -g:"
free -g
echo

if ! "$PY" -c 'import simpy' 2>/dev/null; then
	if ! apt-get install -y python3-simpy3; then
		apt-get update
		apt-get install -y python3-simpy3
	fi
	PY=/usr/bin/python3
fi

echo "== SimPy: $PY bench/simpy_queue.py ${1:-100000} 1"
"$PY" bench/simpy_queue.py "${1:-100000}" 1
echo

echo "== Go: go test ./analysis/sim -run '^\$' -bench 'QueueKernel|BareHeap' -benchtime 10x -count 3"
go test ./analysis/sim -run '^$' -bench 'QueueKernel|BareHeap' -benchtime 10x -count 3
