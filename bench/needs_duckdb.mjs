// Peer benchmark: the needs aggregation of `needsplan needs --by establishment`
// computed by DuckDB in one SQL query, for a side-by-side comparison
// (issue 9, item 6; results in docs/performance.md).
//
// Install (into a scratch directory, never committed) and run:
//
//   mkdir -p /tmp/duck && cd /tmp/duck && npm install @duckdb/node-api
//   NODE_PATH=/tmp/duck/node_modules node bench/needs_duckdb.mjs \
//       PROFILES DATASET_DATE [THREADS] [RUNS]
//
// NODE_PATH is not honoured by ES-module `import`, so the script loads the
// package through createRequire, which does honour it; running the script
// from a directory where the package is installed also works.
//
//   PROFILES      profiles.parquet (or a .csv profiles file; all columns are
//                 then read as text and converted as the data contract says)
//   DATASET_DATE  the dataset date YYYY-MM-DD (needsplan's --as-of)
//   THREADS       DuckDB worker threads (default: DuckDB's own, one per core)
//   RUNS          how many times the query is timed (default 5)
//
// Output: on stdout one CSV row per establishment, sorted by establishment
// code, with people; for each of the 10 need sections the count with the
// need and the count assessed; LDC (lds >= 3) and screened (lds present);
// stale assessments and people with an assessed_on date; and the PNI pathway
// mix. On stderr the query wall time in milliseconds, the median over RUNS
// runs, measured with performance.now() around the query alone (Node start-up,
// connecting and the schema look-up are excluded; reading the file is
// included, since the query reads it).
//
// What is computed (the same as needsplan; bench/needs_check.sh checks it):
//   - identified need: score >= threshold (shared/reference/data-contract.md:
//     accommodation 2, ete 3, relationships 2, lifestyle 2, drugs 2,
//     alcohol 4, thinking 4, attitudes 2); finance_need and emotional_need are
//     booleans; "assessed" = the score or flag is present (docs/classification.md);
//   - LDC = lds >= 3 among the screened (lds present) (pni.md §5);
//   - stale = assessed_on before the dataset date minus 12 calendar months
//     (docs/classification.md, issue 2); the cut-off date is computed as Go's
//     time.AddDate(0, -12, 0) does it, so 29 February rolls to 1 March;
//   - the PNI pathway exactly as shared/reference/pni.md states it: the four
//     domain bands and their two overrides (q11_12 = 2, q12_1 = 2), the sex
//     domain only with sexual offence history or q6_11, the programme risk
//     level, the need x risk matrix, override 1 (OGRS3 >= 75 and (OVP >= 60
//     or a SARA = 3)) and override 2 (a SARA >= 2 gives at least moderate),
//     the custody setting (high intensity stays high; in the community it
//     would become moderate), and the §4 missing-information rules: OASys
//     defaults, §4.1 high stands, §4.2 projection (missing items at 2,
//     missing ogrs3/ovp at 100, a missing OSP of someone with sexual offence
//     history at very_high/high, a missing rsr at 100 where it counts) judged
//     by the matrix then override 2, and §4.3 information missing when the
//     projection moves the need or risk level.
//
// Not computed: programme demand (who needs which programme and who has the
// time to complete it before release), the Wilson intervals and the
// establishment names. needsplan does that extra work in the same run, so
// its time covers more than this query does.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'noop.js'));
const { DuckDBInstance } = require('@duckdb/node-api');

function usage(msg) {
  process.stderr.write(`needs_duckdb: ${msg}\nusage: node needs_duckdb.mjs PROFILES DATASET_DATE [THREADS] [RUNS]\n`);
  process.exit(2);
}

const [file, asOf, threadsArg, runsArg] = process.argv.slice(2);
if (!file || !asOf) usage('need PROFILES and DATASET_DATE');
const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
if (!m) usage(`dataset date ${asOf}: want YYYY-MM-DD`);
const threads = threadsArg && threadsArg !== '' && threadsArg !== '0' ? Number(threadsArg) : 0;
const runs = runsArg ? Number(runsArg) : 5;
if (!Number.isInteger(threads) || threads < 0) usage(`threads ${threadsArg}: want a whole number`);
if (!Number.isInteger(runs) || runs < 1) usage(`runs ${runsArg}: want a whole number >= 1`);

// Stale cut-off: the dataset date 12 calendar months earlier, normalised like
// Go's time.AddDate (Date.UTC rolls an impossible day over the same way).
const cut = new Date(Date.UTC(Number(m[1]) - 1, Number(m[2]) - 1, Number(m[3])));
const staleBefore = cut.toISOString().slice(0, 10);

const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;

// The columns used, by kind (data-contract.md §1).
const items = ['q6_1', 'q6_6', 'q6_12', 'q7_3', 'q10_1', 'q11_2', 'q11_3', 'q11_4',
  'q11_6', 'q11_11', 'q11_12', 'q12_1', 'q12_9'];
// Identified need thresholds (data-contract.md §1).
const scored = [['accommodation', 2], ['ete', 3], ['relationships', 2], ['lifestyle', 2],
  ['drugs', 2], ['alcohol', 4], ['thinking', 4], ['attitudes', 2]];
const cols = {
  establishment: 'str', sexual_offence_history: 'bool', q6_11: 'bool',
  ogrs3: 'float', ovp: 'float', rsr: 'float', osp_dc: 'str', osp_iic: 'str',
  sara_partner: 'int', sara_other: 'int', lds: 'int', assessed_on: 'date',
  finance_need: 'bool', emotional_need: 'bool',
};
for (const q of items) cols[q] = 'int';
for (const [s] of scored) cols[s] = 'int';

const inst = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
const con = await inst.connect();

const isCSV = file.toLowerCase().endsWith('.csv');
const source = isCSV
  ? `read_csv(${sqlString(file)}, header = true, all_varchar = true)`
  : `read_parquet(${sqlString(file)})`;

// Look the schema up (outside the timing) so that native Parquet columns are
// used as they are and text columns are converted as the contract says.
const schema = new Map();
for (const [name, type] of (await con.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRows()) {
  schema.set(String(name), String(type));
}
const numeric = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
function column(name, kind) {
  const type = schema.get(name);
  const sqlType = { bool: 'BOOLEAN', int: 'INTEGER', float: 'DOUBLE', date: 'DATE', str: 'VARCHAR' }[kind];
  if (type === undefined) return `CAST(NULL AS ${sqlType}) AS ${name}`;
  const c = `"${name}"`;
  switch (kind) {
    case 'bool':
      if (type === 'BOOLEAN') return `${c} AS ${name}`;
      return `CASE WHEN lower(${c}) IN ('true','1','yes','y') THEN true
                   WHEN lower(${c}) IN ('false','0','no','n') THEN false END AS ${name}`;
    case 'int':
    case 'float':
      if (numeric.test(type)) return `${c} AS ${name}`;
      return `TRY_CAST(NULLIF(${c}, '') AS ${sqlType}) AS ${name}`;
    case 'date':
      if (type === 'DATE') return `${c} AS ${name}`;
      return `TRY_CAST(NULLIF(CAST(${c} AS VARCHAR), '') AS DATE) AS ${name}`;
    default:
      return `NULLIF(${c}, '') AS ${name}`;
  }
}
for (const need of ['establishment', 'sexual_offence_history']) {
  if (!schema.has(need)) usage(`${file}: no ${need} column`);
}

// Domain score (pni.md §1): raw >= hi -> 2, raw >= lo -> 1, else 0; an
// override item at 2 gives 2. v(q) is the item's value (actual or projected).
function domain(qs, lo, hi, v, override) {
  const raw = qs.map(v).join(' + ');
  const ov = override ? `${v(override)} = 2 OR ` : '';
  return `(CASE WHEN ${ov}(${raw}) >= ${hi} THEN 2 WHEN (${raw}) >= ${lo} THEN 1 ELSE 0 END)`;
}
// Need total (0–8); the sex domain only counts when it applies.
function needTotal(v) {
  return `(CASE WHEN sex_applies THEN ${domain(['q11_11', 'q11_12', 'q6_12'], 2, 4, v, 'q11_12')} ELSE 0 END
    + ${domain(['q12_1', 'q12_9'], 1, 3, v, 'q12_1')}
    + ${domain(['q6_1', 'q6_6', 'q7_3', 'q11_3'], 2, 5, v)}
    + ${domain(['q11_2', 'q11_4', 'q11_6', 'q10_1'], 2, 5, v)})`;
}
// Need level 0 low, 1 medium, 2 high (0–2, 3–5, 6–8).
const needLevel = (total) => `(CASE WHEN ${total} >= 6 THEN 2 WHEN ${total} >= 3 THEN 1 ELSE 0 END)`;
// Programme risk level (pni.md §2) over the given inputs; NULL compares false.
function riskLevel(ogrs3, ovp, rsr, dc, iic) {
  const rsrCounts = `((${dc} IS NULL OR ${dc} = 'na') AND (${iic} IS NULL OR ${iic} = 'na'))`;
  return `(CASE
      WHEN ${ogrs3} >= 75 OR ${ovp} >= 60 OR ${dc} IN ('high','very_high') OR ${iic} = 'high'
        OR (${rsrCounts} AND ${rsr} >= 3) OR sara_p = 3 OR sara_o = 3 THEN 2
      WHEN ${ogrs3} >= 50 OR ${ovp} >= 30 OR ${dc} = 'medium' OR ${iic} = 'medium'
        OR (${rsrCounts} AND ${rsr} >= 1) OR sara_p = 2 OR sara_o = 2 THEN 1
      ELSE 0 END)`;
}
// The need x risk matrix (pni.md §3): 2 high intensity, 1 moderate, 0 not eligible.
const matrix = (n, r) => `(CASE WHEN ${n} = 2 AND ${r} = 2 THEN 2 WHEN ${n} >= 1 AND ${r} >= 1 THEN 1 ELSE 0 END)`;

const actual = (q) => `coalesce(${q}, 0)`; // a missing item counts 0
const projected = (q) => `coalesce(${q}, 2)`; // §4.2: a missing item at 2

const query = `
WITH src AS (
  SELECT ${Object.entries(cols).map(([n, k]) => column(n, k)).join(',\n         ')}
  FROM ${source}
),
base AS (
  SELECT *,
    coalesce(sexual_offence_history, false) AS soh,
    -- pni.md §1 and §4: the sex domain applies with sexual offence history or
    -- q6_11; a missing q6_11 counts as false.
    coalesce(sexual_offence_history, false) OR coalesce(q6_11, false) AS sex_applies,
    -- §4: a missing SARA counts as 1 (low).
    coalesce(sara_partner, 1) AS sara_p,
    coalesce(sara_other, 1) AS sara_o
  FROM src
),
proj AS (
  SELECT *,
    -- §4.2: other missing risk inputs at their highest band; a missing OSP is
    -- na (not projected) without sexual offence history.
    coalesce(ogrs3, 100) AS p_ogrs3,
    coalesce(ovp, 100) AS p_ovp,
    CASE WHEN osp_dc IS NULL AND soh THEN 'very_high' ELSE osp_dc END AS p_dc,
    CASE WHEN osp_iic IS NULL AND soh THEN 'high' ELSE osp_iic END AS p_iic
  FROM base
),
levels AS (
  SELECT *,
    ${needLevel(needTotal(actual))} AS need,
    ${riskLevel('ogrs3', 'ovp', 'rsr', 'osp_dc', 'osp_iic')} AS risk,
    ${needLevel(needTotal(projected))} AS p_need,
    -- a missing rsr at 100 where it counts (both projected OSPs na or missing)
    ${riskLevel('p_ogrs3', 'p_ovp', 'coalesce(rsr, 100)', 'p_dc', 'p_iic')} AS p_risk,
    coalesce(ogrs3 >= 75 AND (ovp >= 60 OR sara_p = 3 OR sara_o = 3), false) AS override1,
    (sara_p >= 2 OR sara_o >= 2) AS override2
  FROM proj
),
decided AS (
  SELECT *,
    -- §3: override 1 gives high; otherwise the matrix, raised by override 2.
    CASE WHEN override1 THEN 2
         ELSE greatest(${matrix('need', 'risk')}, CASE WHEN override2 THEN 1 ELSE 0 END) END AS act,
    greatest(${matrix('p_need', 'p_risk')}, CASE WHEN override2 THEN 1 ELSE 0 END) AS p_act
  FROM levels
),
pathway AS (
  SELECT *,
    CASE WHEN act = 2 THEN 'high'                              -- §4.1
         WHEN p_act = 0 THEN 'not_eligible'                    -- §4.2
         WHEN p_need <> need OR p_risk <> risk THEN 'information_missing' -- §4.3
         WHEN act = 1 THEN 'moderate'
         ELSE 'not_eligible' END AS pw0
  FROM decided
),
classified AS (
  -- Custody setting: high intensity exists only in custody (pni.md §3);
  -- needsplan plans custody, so the community branch never fires here.
  SELECT *, CASE WHEN 'custody' = 'community' AND pw0 = 'high' THEN 'moderate' ELSE pw0 END AS pathway
  FROM pathway
)
SELECT establishment,
  count(*) AS people,
  ${scored.map(([s, t]) => `count(*) FILTER (WHERE ${s} >= ${t}) AS ${s}_need, count(${s}) AS ${s}_assessed`).join(',\n  ')},
  count(*) FILTER (WHERE finance_need) AS finance_need, count(finance_need) AS finance_assessed,
  count(*) FILTER (WHERE emotional_need) AS emotional_need, count(emotional_need) AS emotional_assessed,
  count(*) FILTER (WHERE lds >= 3) AS ldc, count(lds) AS screened,
  count(*) FILTER (WHERE assessed_on < DATE ${sqlString(staleBefore)}) AS stale, count(assessed_on) AS dated,
  count(*) FILTER (WHERE pathway = 'high') AS high,
  count(*) FILTER (WHERE pathway = 'moderate') AS moderate,
  count(*) FILTER (WHERE pathway = 'not_eligible') AS not_eligible,
  count(*) FILTER (WHERE pathway = 'information_missing') AS information_missing
FROM classified
GROUP BY establishment
ORDER BY establishment
`;

if (process.env.NEEDS_DUCKDB_SQL) process.stderr.write(query + '\n');

const times = [];
let result;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  result = await con.runAndReadAll(query);
  const rows = result.getRows();
  times.push(performance.now() - t0);
  if (i === runs - 1) result = { names: result.columnNames(), rows };
}

const out = [result.names.join(',')];
for (const row of result.rows) out.push(row.map((v) => String(v)).join(','));
process.stdout.write(out.join('\n') + '\n');

times.sort((a, b) => a - b);
const median = times.length % 2 ? times[(times.length - 1) / 2]
  : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
process.stderr.write(`duckdb: ${result.rows.length} establishments; query ms median ${median.toFixed(1)} ` +
  `over ${runs} runs (min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)}); ` +
  `threads ${threads || 'default'}; file ${file}\n`);
