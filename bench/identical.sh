#!/usr/bin/env bash
# Checks that a change alters no output: builds needsplan at git revision
# BASE_REV (from `git archive`, so the checkout and its git state are left
# alone) and from the current working tree, runs the same commands with
# both and compares every output byte for byte (cmp; a report directory
# with diff -r), printing each command with OK or DIFFER.
#
# Usage: bench/identical.sh BASE_REV [DATASET_DIR]
#
#   BASE_REV     a git revision of this repository (HEAD, a commit, a tag…)
#   DATASET_DIR  a dataset of 1,000,000 profiles: profiles.parquet and its
#                CSV twin csv/profiles.csv (default $DATA, else
#                /tmp/needsplan-peers/m1-e125, written with
#                `needsplan synth --seed 3 --people 1000000` when missing)
#
# Environment:
#   DATA  the dataset directory when DATASET_DIR is not given
#   BIG   0 to skip the commands on the big dataset (default 1)
#
# The commands: on the embedded dataset needs --by establishment --format
# csv, needs --by region, gap --format csv, pni --format csv, transfers,
# simulate --years 5 --replications 8 --seed 1 --format csv, six more
# simulations (by person, the monthly series, transfers, the ready
# schedule, shocks and a trace, whose Parquet file is compared too) and
# report;
# then on DATASET_DIR, reading the Parquet profiles and then the CSV ones
# (a temporary dataset directory of symbolic links), needs --by
# establishment --format csv, the same and needs --by region with --as-of
# (the people streamed), gap --format csv and pni --format csv. Each
# writes with --out; its standard output is compared too. Both binaries are
# built with -buildvcs=false, so that the VCS revision the report's method
# note names is the same.
#
# Needs: Go and git; about 1 GB free in $TMPDIR for the big outputs; a few
# minutes (the report takes ~40 s a binary on 2 cores).
# Exit status: 0 every output identical, 1 a difference or a command that
# failed, 2 usage.
set -euo pipefail

usage() {
	sed -n '/^# Usage:/,/^# Environment:/p' "$0" | sed '$d' | cut -c3- >&2
	exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
case $1 in -h | --help) usage ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
base_rev=$1
ds=${2:-${DATA:-/tmp/needsplan-peers/m1-e125}}
big=${BIG:-1}
rev=$(git -C "$root" rev-parse --verify --quiet "$base_rev^{commit}") ||
	{ echo "identical: $base_rev: not a revision of $root" >&2; usage; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== building needsplan at $base_rev (${rev:0:12}) and from the working tree"
mkdir "$tmp/src"
git -C "$root" archive "$rev" | tar -x -C "$tmp/src"
(cd "$tmp/src" && go build -buildvcs=false -o "$tmp/base" ./cmd/needsplan)
(cd "$root" && go build -buildvcs=false -o "$tmp/current" ./cmd/needsplan)

checked=0
differ=0
# same NAME ARGS...: runs `needsplan ARGS... --out NAME` with both binaries,
# each in a directory of its own (so that the output's path, which commands
# print, reads the same), and compares NAME (a file, or a directory for
# report) and standard output.
same() {
	local name=$1 b t0 secs=() rc=() verdict=OK
	shift
	for b in base current; do
		mkdir -p "$tmp/out/$b"
		t0=$(date +%s%N)
		set +e
		(cd "$tmp/out/$b" && "$tmp/$b" "$@" --out "$name" >"$name.stdout" 2>"$name.stderr")
		rc+=($?)
		set -e
		secs+=("$(awk -v n=$(($(date +%s%N) - t0)) 'BEGIN {printf "%.1f", n / 1e9}')")
	done
	checked=$((checked + 1))
	if [ "${rc[0]}" != 0 ] || [ "${rc[1]}" != 0 ]; then
		verdict="FAILED (exit status base ${rc[0]}, current ${rc[1]})"
	elif [ -d "$tmp/out/base/$name" ] || [ -d "$tmp/out/current/$name" ]; then
		diff -r -q "$tmp/out/base/$name" "$tmp/out/current/$name" >"$tmp/diff" 2>&1 || verdict=DIFFER
	else
		cmp "$tmp/out/base/$name" "$tmp/out/current/$name" >"$tmp/diff" 2>&1 || verdict=DIFFER
	fi
	if [ "$verdict" = OK ] && ! cmp -s "$tmp/out/base/$name.stdout" "$tmp/out/current/$name.stdout"; then
		verdict=DIFFER
		echo "standard output differs" >"$tmp/diff"
	fi
	printf '%-6s needsplan %s   (base %s s, current %s s)\n' "${verdict%% *}" "$*" "${secs[0]}" "${secs[1]}"
	if [ "$verdict" != OK ]; then
		differ=$((differ + 1))
		case $verdict in
		FAILED*)
			echo "       $verdict"
			for b in base current; do tail -n 3 "$tmp/out/$b/$name.stderr" | sed "s/^/       $b: /"; done
			;;
		*) head -n 10 "$tmp/diff" | sed 's/^/       /' ;;
		esac
	fi
	# The big outputs are not kept once compared.
	rm -rf "$tmp/out/base/$name" "$tmp/out/current/$name"
}

echo
echo "== embedded dataset"
same needs-establishment.csv needs --by establishment --format csv
same needs-region.txt needs --by region
same gap.csv gap --format csv
same pni.csv pni --format csv
same transfers.txt transfers
same simulate.csv simulate --years 5 --replications 8 --seed 1 --format csv
same simulate-people.csv simulate --years 5 --replications 4 --seed 3 --by people --format csv
same simulate-series.csv simulate --years 5 --replications 4 --seed 3 --series --format csv
same simulate-transfers.json simulate --years 5 --replications 4 --seed 3 --transfers --transfer-after 6 --stale-directory 0.1 --format json
same simulate-ready.json simulate --years 5 --replications 4 --seed 3 --policy right-time --schedule ready --format json
same simulate-shocks.csv simulate --years 5 --replications 4 --seed 3 --shock 'suspend:*@0-6' --shock 'teams:*=0.5@6-18' --format csv
same simulate-trace.csv simulate --years 2 --replications 1 --seed 3 --trace trace.parquet --format csv
checked=$((checked + 1))
if cmp -s "$tmp/out/base/trace.parquet" "$tmp/out/current/trace.parquet"; then
	echo "OK     the trace (trace.parquet)"
else
	echo "DIFFER the trace (trace.parquet)"
	differ=$((differ + 1))
fi
same report report

if [ "$big" != 0 ]; then
	if [ ! -e "$ds" ]; then
		echo
		echo "== generating $ds"
		mkdir -p "$(dirname "$ds")"
		"$tmp/current" synth --seed 3 --people 1000000 --out "$ds"
	fi
	[ -f "$ds/profiles.parquet" ] || { echo "identical: $ds: no profiles.parquet" >&2; exit 1; }
	[ -f "$ds/csv/profiles.csv" ] || { echo "identical: $ds: no csv/profiles.csv" >&2; exit 1; }
	twin=$tmp/csv-dataset
	mkdir "$twin"
	for f in "$ds"/establishments.* "$ds"/offerings.* "$ds/csv/profiles.csv"; do
		ln -s "$(realpath "$f")" "$twin/"
	done
	for input in parquet csv; do
		if [ "$input" = parquet ]; then d=$ds; else d=$twin; fi
		echo
		echo "== $ds, $input profiles"
		same "$input-needs.csv" needs --dataset "$d" --by establishment --format csv
		same "$input-needs-streamed.csv" needs --dataset "$d" --by establishment --format csv --as-of 2025-06-30
		same "$input-needs-region.csv" needs --dataset "$d" --by region --format csv --as-of 2025-06-30
		same "$input-gap.csv" gap --dataset "$d" --format csv
		same "$input-pni.csv" pni --dataset "$d" --format csv
	done
fi

echo
if [ "$differ" -gt 0 ]; then
	echo "DIFFER: $differ of $checked commands give different outputs at $base_rev (${rev:0:12}) and in the working tree"
	exit 1
fi
echo "OK: all $checked commands give byte-identical outputs at $base_rev (${rev:0:12}) and in the working tree"
