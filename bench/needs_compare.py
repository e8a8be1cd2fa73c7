#!/usr/bin/python3
"""Checks that needsplan's needs by establishment and the peers' agree
EXACTLY: every establishment's people, need and assessed counts per section,
LDC and screened, stale and dated assessments and the PNI pathway mix
(bench/needs_check.sh runs it).

Usage: needs_compare.py NEEDSPLAN_CSV LABEL=PEER_CSV...

    NEEDSPLAN_CSV  `needsplan needs --by establishment --format csv` output
                   (tidy rows: group_by, group, name, measure, item, count,
                   denominator, ...)
    LABEL=PEER_CSV a peer's wide CSV (bench/needs_duckdb.mjs or
                   bench/needs_pandas.py), one row per establishment sorted
                   by code, named LABEL in the messages

Prints the disagreements (the first 40) and a summary line. Exit status: 0
all agree, 1 a disagreement, 2 usage.
"""
import csv
import sys

NEEDS = ["accommodation", "ete", "relationships", "lifestyle", "drugs", "alcohol",
         "thinking", "attitudes", "finance", "emotional"]
PATHWAYS = ["high", "moderate", "not_eligible", "information_missing"]
FIELDS = (["people"] + [f"{s}_{k}" for s in NEEDS for k in ("need", "assessed")]
          + ["ldc", "screened", "stale", "dated"] + PATHWAYS)


def needsplan(path):
    """Fold the tidy rows into one dict of FIELDS per establishment."""
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


def main():
    if len(sys.argv) < 3 or any("=" not in a for a in sys.argv[2:]):
        sys.stderr.write("usage: needs_compare.py NEEDSPLAN_CSV LABEL=PEER_CSV...\n")
        sys.exit(2)
    tools = {"needsplan": needsplan(sys.argv[1])}
    for a in sys.argv[2:]:
        label, path = a.split("=", 1)
        tools[label] = peer(path)
    peers = [t for t in tools if t != "needsplan"]
    zero = dict.fromkeys(FIELDS, 0)
    codes = sorted(set().union(*tools.values()))
    bad, empty = 0, 0
    for code in codes:
        have = {t: v.get(code) for t, v in tools.items()}
        # The peers see only profiles, so an establishment with nobody in it
        # is absent there; needsplan lists it with zeros.
        if have["needsplan"] == zero and all(have[t] is None for t in peers):
            empty += 1
            continue
        for f in FIELDS:
            vals = {t: (v[f] if v is not None else None) for t, v in have.items()}
            if len(set(vals.values())) != 1:
                bad += 1
                if bad <= 40:
                    print(f"DISAGREE {code} {f}: " + ", ".join(f"{t}={v}" for t, v in vals.items()))
    tot = {t: sum(v["people"] for v in tools[t].values()) for t in tools}
    print(f"establishments: {len(codes) - empty} with people ({empty} empty, listed by needsplan only); "
          f"people: " + ", ".join(f"{t} {n}" for t, n in tot.items()))
    if bad:
        print(f"FAIL: {bad} disagreeing counts")
        sys.exit(1)
    print(f"OK: all {len(FIELDS)} counts of every establishment agree exactly between "
          + ", ".join(tools))


if __name__ == "__main__":
    main()
