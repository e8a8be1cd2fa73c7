#!/usr/bin/python3
"""Peer benchmark: the needs aggregation of `needsplan needs --by establishment`
computed with pandas on the CSV profiles, for a side-by-side comparison
(issue 9, item 6; results in docs/performance.md).

Run with Debian's pandas (apt-get install python3-pandas):

    /usr/bin/python3 bench/needs_pandas.py PROFILES_CSV DATASET_DATE [RUNS]

    PROFILES_CSV  csv/profiles.csv of a dataset (needsplan synth writes one)
    DATASET_DATE  the dataset date YYYY-MM-DD (needsplan's --as-of)
    RUNS          how many times the read and the aggregation are timed (default 5)

Output: on stdout the same CSV as bench/needs_duckdb.mjs: one row per
establishment, sorted by code, with people; for each of the 10 need sections
the count with the need and the count assessed; LDC (lds >= 3) and screened
(lds present); stale assessments and people with an assessed_on date; and the
PNI pathway mix. On stderr the wall times in milliseconds (time.perf_counter),
the median over RUNS runs, of reading the CSV, of the aggregation, and of the
two together (interpreter start-up and imports excluded).

What is computed is what needs_duckdb.mjs computes (see its header): need
thresholds from shared/reference/data-contract.md, LDC and stale as in
docs/classification.md, and the PNI pathway exactly as
shared/reference/pni.md states it (domain bands and overrides, risk level,
matrix, overrides 1 and 2, custody setting, §4 defaults and projection).
Programme demand is not computed: needsplan does that extra work in the same
run.
"""

import datetime
import statistics
import sys
import time

import numpy as np
import pandas as pd

ITEMS = ["q6_1", "q6_6", "q6_12", "q7_3", "q10_1", "q11_2", "q11_3", "q11_4",
         "q11_6", "q11_11", "q11_12", "q12_1", "q12_9"]
# Identified need thresholds (data-contract.md §1).
SCORED = [("accommodation", 2), ("ete", 3), ("relationships", 2), ("lifestyle", 2),
          ("drugs", 2), ("alcohol", 4), ("thinking", 4), ("attitudes", 2)]
BOOLS = ["sexual_offence_history", "q6_11", "finance_need", "emotional_need"]
FLOATS = ["ogrs3", "ovp", "rsr", "sara_partner", "sara_other", "lds"] + ITEMS + [s for s, _ in SCORED]
STRS = ["establishment", "osp_dc", "osp_iic", "assessed_on"]
# Textual booleans of the data contract (any case).
BOOL_TEXT = {"true": 1.0, "1": 1.0, "yes": 1.0, "y": 1.0, "false": 0.0, "0": 0.0, "no": 0.0, "n": 0.0}
PATHWAYS = ["high", "moderate", "not_eligible", "information_missing"]
SETTING = "custody"  # needsplan plans custody (pni.md §3: high intensity only in custody)


def usage(msg):
    sys.stderr.write(f"needs_pandas: {msg}\nusage: needs_pandas.py PROFILES_CSV DATASET_DATE [RUNS]\n")
    sys.exit(2)


def stale_cutoff(as_of):
    """The dataset date 12 calendar months earlier, normalised as Go's
    time.AddDate does (29 February rolls over to 1 March)."""
    y, m, d = as_of.year - 1, as_of.month, as_of.day
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return datetime.date(y, m, 28) + datetime.timedelta(days=d - 28)


def read(path):
    header = pd.read_csv(path, nrows=0).columns
    wanted = BOOLS + FLOATS + STRS
    present = [c for c in wanted if c in header]
    for c in ("establishment", "sexual_offence_history"):
        if c not in header:
            usage(f"{path}: no {c} column")
    dtype = {c: "float64" for c in FLOATS if c in header}
    dtype.update({c: "object" for c in BOOLS + STRS if c in header})
    df = pd.read_csv(path, usecols=present, dtype=dtype, keep_default_na=False, na_values=[""])
    for c in wanted:
        if c not in df.columns:
            df[c] = np.nan
    return df


def coded(s, table, fold=False):
    """Map a column's values through table (unknown or missing: NaN), once per
    distinct value, lower-cased first when fold: a float array."""
    codes, uniq = pd.factorize(s)
    vals = np.array([table.get(str(u).lower() if fold else u, np.nan) for u in uniq] + [np.nan],
                    dtype="float64")
    return vals[codes]  # code -1 (missing) takes the trailing NaN


def boolean(s):
    """A float array: 1 true, 0 false, NaN missing (textual forms of the contract)."""
    if s.dtype != object:
        return s.to_numpy(dtype="float64")
    return coded(s, BOOL_TEXT, fold=True)  # booleans in any case


# OSP bands as numbers (missing: NaN): na 0, low 1, medium 2, high 3, very_high 4.
OSP = {"na": 0.0, "low": 1.0, "medium": 2.0, "high": 3.0, "very_high": 4.0}


def fill(a, v):
    return np.where(np.isnan(a), v, a)


def domain(vals, qs, lo, hi, override=None):
    raw = sum(vals[q] for q in qs)
    score = np.where(raw >= hi, 2, np.where(raw >= lo, 1, 0))
    if override is not None:
        score = np.where(vals[override] == 2, 2, score)
    return score


def need_level(vals, sex_applies):
    """Need level 0 low, 1 medium, 2 high from the four domains (pni.md §1)."""
    total = (np.where(sex_applies, domain(vals, ["q11_11", "q11_12", "q6_12"], 2, 4, "q11_12"), 0)
             + domain(vals, ["q12_1", "q12_9"], 1, 3, "q12_1")
             + domain(vals, ["q6_1", "q6_6", "q7_3", "q11_3"], 2, 5)
             + domain(vals, ["q11_2", "q11_4", "q11_6", "q10_1"], 2, 5))
    return np.where(total >= 6, 2, np.where(total >= 3, 1, 0))


def risk_level(ogrs3, ovp, rsr, dc, iic, sp, so):
    """Programme risk level 0 low, 1 medium, 2 high (pni.md §2); NaN compares false."""
    rsr_counts = (np.isnan(dc) | (dc == 0)) & (np.isnan(iic) | (iic == 0))
    high = ((ogrs3 >= 75) | (ovp >= 60) | (dc >= 3) | (iic == 3)
            | (rsr_counts & (rsr >= 3)) | (sp == 3) | (so == 3))
    medium = ((ogrs3 >= 50) | (ovp >= 30) | (dc == 2) | (iic == 2)
              | (rsr_counts & (rsr >= 1)) | (sp == 2) | (so == 2))
    return np.where(high, 2, np.where(medium, 1, 0))


def matrix(n, r):
    """pni.md §3: 2 high intensity, 1 moderate, 0 not eligible."""
    return np.where((n == 2) & (r == 2), 2, np.where((n >= 1) & (r >= 1), 1, 0))


def aggregate(df, stale_before):
    col = {c: df[c].to_numpy(dtype="float64") for c in FLOATS}
    soh = boolean(df["sexual_offence_history"]) == 1
    # pni.md §4 defaults: a missing q6_11 is false, a missing SARA is 1.
    sex_applies = soh | (boolean(df["q6_11"]) == 1)
    sp, so = fill(col["sara_partner"], 1), fill(col["sara_other"], 1)
    actual = {q: fill(col[q], 0) for q in ITEMS}  # a missing item counts 0
    projected = {q: fill(col[q], 2) for q in ITEMS}  # §4.2: at 2
    need = need_level(actual, sex_applies)
    p_need = need_level(projected, sex_applies)
    dc, iic = coded(df["osp_dc"], OSP), coded(df["osp_iic"], OSP)
    ogrs3, ovp, rsr = col["ogrs3"], col["ovp"], col["rsr"]
    risk = risk_level(ogrs3, ovp, rsr, dc, iic, sp, so)
    # §4.2: missing ogrs3/ovp at the top; a missing OSP only with sexual
    # offence history (otherwise it is na) at very_high/high; a missing rsr
    # at 100 (it only counts where both projected OSPs are na or missing).
    p_dc = np.where(np.isnan(dc) & soh, OSP["very_high"], dc)
    p_iic = np.where(np.isnan(iic) & soh, OSP["high"], iic)
    p_risk = risk_level(fill(ogrs3, 100), fill(ovp, 100), fill(rsr, 100), p_dc, p_iic, sp, so)
    override1 = (ogrs3 >= 75) & ((ovp >= 60) | (sp == 3) | (so == 3))
    override2 = ((sp >= 2) | (so >= 2)).astype(int)
    act = np.where(override1, 2, np.maximum(matrix(need, risk), override2))
    p_act = np.maximum(matrix(p_need, p_risk), override2)
    pathway = np.select(
        [act == 2, p_act == 0, (p_need != need) | (p_risk != risk), act == 1],
        [0, 2, 3, 1], default=2)  # indices into PATHWAYS
    if SETTING == "community":
        pathway = np.where(pathway == 0, 1, pathway)

    out = {"people": np.ones(len(df), dtype=bool)}
    for s, t in SCORED:
        out[f"{s}_need"] = col[s] >= t
        out[f"{s}_assessed"] = ~np.isnan(col[s])
    for s in ("finance", "emotional"):
        b = boolean(df[f"{s}_need"])
        out[f"{s}_need"] = b == 1
        out[f"{s}_assessed"] = ~np.isnan(b)
    out["ldc"] = col["lds"] >= 3
    out["screened"] = ~np.isnan(col["lds"])
    # ISO dates order as text; compare each distinct date once.
    codes, uniq = pd.factorize(df["assessed_on"])
    older = np.array([u < stale_before.isoformat() for u in uniq] + [False])
    out["stale"] = older[codes]
    out["dated"] = codes >= 0
    for i, name in enumerate(PATHWAYS):
        out[name] = pathway == i
    # Group by establishment: count the true rows of each column per code.
    est, names = pd.factorize(df["establishment"], sort=True)
    k = len(names)
    res = pd.DataFrame({c: np.bincount(est[v], minlength=k) for c, v in out.items()},
                       index=pd.Index(names, name="establishment"))
    return res


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        usage("need PROFILES_CSV and DATASET_DATE")
    try:
        as_of = datetime.date.fromisoformat(args[1])
    except ValueError:
        usage(f"dataset date {args[1]}: want YYYY-MM-DD")
    runs = 5
    if len(args) > 2:
        try:
            runs = int(args[2])
        except ValueError:
            runs = 0
        if runs < 1:
            usage(f"runs {args[2]}: want a whole number >= 1")
    stale_before = stale_cutoff(as_of)
    t_read, t_agg, t_all = [], [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        df = read(args[0])
        t1 = time.perf_counter()
        res = aggregate(df, stale_before)
        t2 = time.perf_counter()
        t_read.append((t1 - t0) * 1e3)
        t_agg.append((t2 - t1) * 1e3)
        t_all.append((t2 - t0) * 1e3)
    res.to_csv(sys.stdout, lineterminator="\n")
    sys.stderr.write(
        f"pandas {pd.__version__}: {len(res)} establishments; ms median over {runs} runs: "
        f"read {statistics.median(t_read):.1f}, aggregate {statistics.median(t_agg):.1f}, "
        f"total {statistics.median(t_all):.1f} (min {min(t_all):.1f}, max {max(t_all):.1f}); "
        f"file {args[0]}\n")


if __name__ == "__main__":
    main()
