// Checks that two Parquet files hold the same table — the same columns and
// types, and the same rows in the same order — whatever their encodings,
// with DuckDB (@duckdb/node-api; bench/install-peers.sh installs it). Used
// where a change of writer settings changes a file's bytes but must not
// change its contents (docs/performance.md, issue 20: the trace).
//
// Usage: NODE_PATH=/tmp/duck/node_modules node bench/parquet_same.mjs A.parquet B.parquet
// Exit status: 0 the same table, 1 not.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'noop.js'));
const { DuckDBInstance } = require('@duckdb/node-api');
const [a, b] = process.argv.slice(2);
if (!a || !b) {
	console.error('usage: node bench/parquet_same.mjs A.parquet B.parquet');
	process.exit(2);
}
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const rows = async (sql) => (await c.run(sql)).getRows();
const lit = (p) => `'${p.replaceAll("'", "''")}'`;
const numbered = (p) => `SELECT *, row_number() OVER () AS row_in_file FROM ${lit(p)}`;
const [[na, nb]] = await rows(`SELECT (SELECT count(*) FROM ${lit(a)}), (SELECT count(*) FROM ${lit(b)})`);
const [[onlyA]] = await rows(`SELECT count(*) FROM (${numbered(a)} EXCEPT ALL ${numbered(b)})`);
const [[onlyB]] = await rows(`SELECT count(*) FROM (${numbered(b)} EXCEPT ALL ${numbered(a)})`);
const schema = async (p) => JSON.stringify(await rows(`DESCRIBE SELECT * FROM ${lit(p)}`));
const sameSchema = (await schema(a)) === (await schema(b));
const same = sameSchema && na === nb && onlyA === 0n && onlyB === 0n;
console.log(`${same ? 'SAME' : 'DIFFERENT'}: ${na} and ${nb} rows; rows of the first not in the second (in order): ${onlyA}, of the second not in the first: ${onlyB}; same columns and types: ${sameSchema}`);
process.exit(same ? 0 : 1);
