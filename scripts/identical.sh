#!/usr/bin/env bash
# identical.sh: shows that a change leaves every output byte-identical.
#
# Builds needsplan at BASE (a git ref, default HEAD~1) and from the work tree,
# runs the same commands with each (needs, gap with charts, fit, pni,
# transfers, simulate under several options with a trace, compare, sweep +
# merge, report; on the embedded dataset and on testdata/sample), and
# compares every file they write and everything they print, byte for byte.
# With BIG=DIR, also needs (loaded, and streamed with --as-of), gap and pni
# on the dataset in DIR, from its Parquet profiles and from its CSV twin
# DIR/csv/profiles.csv (1,000,000 profiles: needsplan synth --seed 3
# --people 1000000 --out DIR; bench/peers.sh makes one). Exit 0 when all
# agree; otherwise the files that differ are listed and the exit status is 1.
#
#   scripts/identical.sh f24390a          # before the restructuring (issue 14)
#   KEEP=1 scripts/identical.sh HEAD~3    # keep the outputs (path printed)
#   BIG=/tmp/needsplan-peers/m1-e125 scripts/identical.sh e72890f   # issue 20
#
# Binaries are built with -buildvcs=false, so the revision stamped into the
# report's method note and sweep manifests is the same for both.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-HEAD~1}
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && echo "outputs kept in $work" || rm -rf "$work"' EXIT

git worktree add -q --detach "$work/src" "$base"
(cd "$work/src" && go build -buildvcs=false -o "$work/base.bin" ./cmd/needsplan)
git worktree remove --force "$work/src"
go build -buildvcs=false -o "$work/head.bin" ./cmd/needsplan

# Scenario and sweep files shared by both runs.
mkdir -p "$work/in"
cat > "$work/in/base.yaml" <<'YAML'
name: base
years: 2
replications: 4
seed: 3
YAML
cat > "$work/in/alt.yaml" <<'YAML'
extends: base.yaml
name: alternative
policy: right-time
growth: 0.05
mix: {sexual: 1.2}
transfers: {enabled: true, delay: 0.92, stale_directory: 0.1, after: 6}
offerings:
  - {establishment: HMI, programme: BC_MOD_GO, action: add, groups_per_year: 2}
  - {region: Wales, programme: KAIZEN_GV, action: remove}
  - {programme: BSR, action: scale, factor: 1.5, from: 12}
teams:
  - {region: The Midlands, factor: 0.67, from: 0, to: 12}
suspensions:
  - {establishment: LEI, from: 0, to: 6}
YAML
cat > "$work/in/sample.yaml" <<'YAML'
name: sample
dataset: ../../../testdata/sample
years: 3
replications: 20
seed: 5
schedule: ready
policy: risk
YAML
cat > "$work/in/sample-alt.yaml" <<'YAML'
extends: sample.yaml
name: sample, one more TSP group
offerings:
  - {programme: TSP, action: scale, factor: 2}
YAML
cp -r testdata "$work/testdata"
mkdir -p "$work/in/deep/er"; mv "$work/in"/sample*.yaml "$work/in/deep/er/"
cat > "$work/in/sweep.yaml" <<'YAML'
base: base.yaml
replications: 4
seed: 2
grid:
  policy: [release-date, right-time]
  growth: [0, 0.05]
YAML

run() { # run NAME ARGS...: runs both binaries in their own directories
  local name=$1; shift
  for side in base head; do
    local dir="$work/out/$side"
    mkdir -p "$dir"
    (cd "$dir" && set +e; "$work/$side.bin" "$@" >"$dir/$name.stdout" 2>"$dir/$name.stderr"; echo $? >"$dir/$name.status")
  done
}

S=(--dataset "$work/testdata/sample")
run needs-est needs --by establishment
run needs-region-csv needs --by region --format csv
run needs-estate-json needs --by estate --format json
run needs-sample needs "${S[@]}" --by establishment --format csv
run needs-parquet needs "${S[@]}" --format parquet --out needs.parquet
run gap gap --charts gapcharts
run gap-csv gap --format csv --by region
run gap-sample gap "${S[@]}" --format csv
run gap-sample-charts gap "${S[@]}" --charts samplecharts --chart-format svg
run fit-hmi fit --establishment HMI
run fit-sample fit "${S[@]}" --establishment SFI --format csv
run pni-sample pni "${S[@]}" --format csv
run pni-bc pni "${S[@]}" --suite building-choices
run pni-all pni --format csv
run transfers transfers
run transfers-csv transfers --format csv
run transfers-sample transfers "${S[@]}"
run simulate simulate --years 2 --replications 4 --seed 9
run simulate-rt simulate --years 2 --replications 3 --seed 4 --policy right-time --transfers
run simulate-sample simulate "${S[@]}" --years 3 --replications 50 --seed 1 --format csv
run simulate-queue simulate --queue
run simulate-people simulate --years 5 --replications 4 --seed 3 --by people --format csv
run simulate-series simulate --years 5 --replications 4 --seed 3 --series --format csv
run simulate-moves simulate --years 5 --replications 4 --seed 3 --transfers --transfer-after 6 --stale-directory 0.1 --format json
run simulate-ready simulate --years 5 --replications 4 --seed 3 --policy right-time --schedule ready --format json
run simulate-shocks simulate --years 5 --replications 4 --seed 3 --shock 'suspend:*@0-6' --shock 'teams:*=0.5@6-18' --format csv
run simulate-trace simulate --years 2 --replications 1 --seed 3 --trace trace.parquet --format csv
run bad-policy simulate --policy nope
run bad-schedule simulate --schedule later
run bad-report-policy report --policy nope --out badrep
run bad-gap-by gap --by nowhere
run bad-fit fit --establishment NOPE
run bad-shock simulate --shock teams:HMI@0
run bad-shock-kind simulate --shock stop:*@0
run bad-suite needs --suite nope
run bad-by needs --by city
run compare compare "$work/in/base.yaml" "$work/in/alt.yaml" --chart compare.png
run compare-sample compare "$work/in/deep/er/sample.yaml" "$work/in/deep/er/sample-alt.yaml" --format csv
run sweep sweep "$work/in/sweep.yaml" --out runs
run merge merge runs
run report report --out rep
run report-sample report "${S[@]}" --out repsample --years 2 --replications 4
run report-scenario report --scenario "$work/in/alt.yaml" --out repscen --replications 3

if [ -n "${BIG:-}" ]; then
  twin="$work/csv-twin"
  mkdir -p "$twin"
  for f in "$BIG"/establishments.* "$BIG"/offerings.* "$BIG/csv/profiles.csv"; do ln -s "$(realpath "$f")" "$twin/"; done
  for input in parquet csv; do
    if [ "$input" = parquet ]; then d=$BIG; else d=$twin; fi
    run "big-$input-needs" needs --dataset "$d" --by establishment --format csv
    run "big-$input-needs-streamed" needs --dataset "$d" --by establishment --format csv --as-of 2025-06-30
    run "big-$input-needs-region" needs --dataset "$d" --by region --as-of 2025-06-30
    run "big-$input-gap" gap --dataset "$d" --format csv
    run "big-$input-pni" pni --dataset "$d" --format csv
  done
fi

# Progress lines carry rates measured by the clock; everything else must agree.
find "$work/out" -name '*.stderr' -exec sed -i '/ a second, about /d' {} +
# The two sides ran in directories of their own; paths in outputs name them.
sed_paths() { find "$1" -type f \( -name '*.stdout' -o -name '*.stderr' -o -name '*.json' -o -name '*.html' -o -name '*.csv' -o -name '*.txt' \) -exec sed -i "s#$work/out/$2#OUT#g" {} +; }
sed_paths "$work/out/base" base
sed_paths "$work/out/head" head

if diff -r -q "$work/out/base" "$work/out/head"; then
  n=$(find "$work/out/base" -type f | wc -l)
  echo "identical: $n files written or printed by $base and by the work tree agree byte for byte"
else
  echo "outputs differ (above)"
  exit 1
fi
