#!/usr/bin/env bash
# Side by side: the needs aggregation by establishment from needsplan, DuckDB
# (bench/needs_duckdb.mjs, on the Parquet profiles) and pandas
# (bench/needs_pandas.py, on the CSV profiles), checked to agree EXACTLY on
# every establishment's people, need and assessed counts per section, LDC and
# screened, stale and dated assessments and the PNI pathway mix; then the
# median wall times of the three (issue 9, item 6).
#
# Usage: bench/needs_check.sh DATASET_DIR DATASET_DATE [RUNS] [THREADS]
#
#   DATASET_DIR   a dataset directory; its profiles.parquet (else profiles.csv)
#                 goes to DuckDB, its csv/profiles.csv (else profiles.csv) to
#                 pandas, and the directory itself to needsplan --dataset
#   DATASET_DATE  the dataset date (needsplan --as-of)
#   RUNS          timed runs of each tool, medians reported (default 3)
#   THREADS       DuckDB threads (default: DuckDB's own)
#
# Environment:
#   NEEDSPLAN  the needsplan binary (default: built from this checkout with go build)
#   NODE_PATH  where @duckdb/node-api is installed (default /tmp/duck/node_modules;
#              install it with: mkdir -p /tmp/duck && cd /tmp/duck && npm install @duckdb/node-api)
#   PYTHON     the Python with pandas (default /usr/bin/python3)
#
# Examples:
#   go run ./cmd/needsplan synth --seed 5 --people 5000 --out /tmp/peers/small
#   bench/needs_check.sh /tmp/peers/small 2025-06-30
#   bench/needs_check.sh testdata/sample 2025-03-31
#
# The needsplan time is the whole process (start-up, loading, classification
# and programme demand, which the peers do not compute); the DuckDB time is
# the query alone and the pandas time is reading plus aggregating. Exit
# status: 0 all three agree, 1 a disagreement or a tool failed, 2 usage.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 4 ]; then
	sed -n '9,16p' "$0" | cut -c3- >&2
	exit 2
fi
dir=$1
asof=$2
runs=${3:-3}
threads=${4:-0}
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
python=${PYTHON:-/usr/bin/python3}
export NODE_PATH=${NODE_PATH:-/tmp/duck/node_modules}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -z "${NEEDSPLAN:-}" ]; then
	(cd "$root" && go build -o "$tmp/needsplan" ./cmd/needsplan)
	NEEDSPLAN=$tmp/needsplan
fi

if [ -f "$dir/profiles.parquet" ]; then pq=$dir/profiles.parquet; else pq=$dir/profiles.csv; fi
if [ -f "$dir/csv/profiles.csv" ]; then csv=$dir/csv/profiles.csv; else csv=$dir/profiles.csv; fi

now_ms() { date +%s%3N; }

echo "date: $(date -u +%FT%TZ); cpus: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dataset: $dir (as of $asof); runs: $runs"

# needsplan: whole-process wall time of each run; the output of the last.
ns_times=()
for _ in $(seq "$runs"); do
	t0=$(now_ms)
	"$NEEDSPLAN" needs --dataset "$dir" --by establishment --format csv --as-of "$asof" \
		--out "$tmp/needsplan.csv" 2>"$tmp/needsplan.err" ||
		{ cat "$tmp/needsplan.err" >&2; exit 1; }
	ns_times+=($(($(now_ms) - t0)))
done

node "$bench/needs_duckdb.mjs" "$pq" "$asof" "$threads" "$runs" >"$tmp/duckdb.csv" 2>"$tmp/duckdb.err" ||
	{ cat "$tmp/duckdb.err" >&2; exit 1; }
"$python" "$bench/needs_pandas.py" "$csv" "$asof" "$runs" >"$tmp/pandas.csv" 2>"$tmp/pandas.err" ||
	{ cat "$tmp/pandas.err" >&2; exit 1; }

"$python" - "$tmp/needsplan.csv" "$tmp/duckdb.csv" "$tmp/pandas.csv" <<'EOF'
"""Compare needsplan's tidy CSV with the two peers' wide CSVs, exactly."""
import csv
import sys

NEEDS = ["accommodation", "ete", "relationships", "lifestyle", "drugs", "alcohol",
         "thinking", "attitudes", "finance", "emotional"]
PATHWAYS = ["high", "moderate", "not_eligible", "information_missing"]
FIELDS = (["people"] + [f"{s}_{k}" for s in NEEDS for k in ("need", "assessed")]
          + ["ldc", "screened", "stale", "dated"] + PATHWAYS)


def needsplan(path):
    """Fold the tidy rows (group_by, group, name, measure, item, count,
    denominator, ...) into one dict of FIELDS per establishment."""
    groups = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["group_by"] != "establishment":
                sys.exit(f"needsplan: unexpected group_by {r['group_by']}")
            g = groups.setdefault(r["group"], {})
            m, item = r["measure"], r["item"]
            n, d = int(r["count"]), int(r["denominator"])
            if m == "people":
                g["people"] = n
            elif m == "need":
                g[f"{item}_need"], g[f"{item}_assessed"] = n, d
            elif m == "ldc":
                g["ldc"], g["screened"] = n, d
            elif m == "stale_assessment":
                g["stale"], g["_stale_den"] = n, d
            elif m == "no_assessment_date":
                g["_undated"], g["_undated_den"] = n, d
            elif m == "pathway":
                g[item], g[f"_pw_den_{item}"] = n, d
    out = {}
    for code, g in groups.items():
        # stale and undated are shares of everyone; dated = people - undated.
        for k in ["_stale_den", "_undated_den"] + [f"_pw_den_{p}" for p in PATHWAYS]:
            if g.get(k) != g["people"]:
                sys.exit(f"needsplan: {code}: denominator {k} = {g.get(k)}, want people {g['people']}")
        g["dated"] = g["people"] - g["_undated"]
        out[code] = {k: g[k] for k in FIELDS}
    return out


def peer(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    codes = [r["establishment"] for r in rows]
    if codes != sorted(codes):
        sys.exit(f"{path}: not sorted by establishment")
    return {r["establishment"]: {k: int(r[k]) for k in FIELDS} for r in rows}


tools = {"needsplan": needsplan(sys.argv[1]), "duckdb": peer(sys.argv[2]), "pandas": peer(sys.argv[3])}
zero = dict.fromkeys(FIELDS, 0)
codes = sorted(set().union(*tools.values()))
bad, empty = 0, 0
for code in codes:
    have = {t: v.get(code) for t, v in tools.items()}
    # The peers see only profiles, so an establishment with nobody in it is
    # absent there; needsplan lists it with zeros.
    if have["needsplan"] == zero and have["duckdb"] is None and have["pandas"] is None:
        empty += 1
        continue
    for f in FIELDS:
        vals = {t: (v[f] if v is not None else None) for t, v in have.items()}
        if len(set(vals.values())) != 1:
            bad += 1
            if bad <= 40:
                print(f"DISAGREE {code} {f}: " + ", ".join(f"{t}={v}" for t, v in vals.items()))
tot = {t: sum(v[f] for v in tools[t].values() for f in ("people",)) for t in tools}
print(f"establishments: {len(codes) - empty} with people ({empty} empty, listed by needsplan only); "
      f"people: " + ", ".join(f"{t} {n}" for t, n in tot.items()))
if bad:
    print(f"FAIL: {bad} disagreeing counts")
    sys.exit(1)
print(f"OK: all {len(FIELDS)} counts of every establishment agree exactly between needsplan, DuckDB and pandas")
EOF

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
echo "needsplan: whole process ms median $(median "${ns_times[@]}") over $runs runs (${ns_times[*]}); profiles $(basename "$pq")"
cat "$tmp/duckdb.err" "$tmp/pandas.err"
