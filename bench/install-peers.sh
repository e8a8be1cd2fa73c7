#!/usr/bin/env bash
# Installs the peers the benchmarks compare needsplan with, idempotently:
#   - Debian packages python3-pandas, python3-simpy3 (for /usr/bin/python3),
#     time (GNU time, /usr/bin/time) and nodejs and npm, each only when
#     missing (a Node.js from another source that already gives `node` and
#     `npm`, such as NodeSource's nodejs, which provides and conflicts with
#     Debian's npm, is kept);
#   - @duckdb/node-api from the npm registry into $DUCK_DIR/node_modules,
#     only when it is not already there (what bench/needs_duckdb.mjs loads
#     through NODE_PATH=$DUCK_DIR/node_modules).
# Then prints the versions of everything the benchmarks use.
#
# Usage: bench/install-peers.sh
#
# Environment:
#   DUCK_DIR       where to install @duckdb/node-api (default /tmp/duck)
#   DUCKDB_NODE    the package version or tag to install (default latest);
#                  an installed one is kept unless this names another version
#
# Needs: root (apt-get), Debian's package archive and the npm registry.
# Exit status: 0 all installed, 1 an install failed.
set -euo pipefail

DUCK_DIR=${DUCK_DIR:-/tmp/duck}
want=${DUCKDB_NODE:-latest}
export DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

missing=()
for p in python3-pandas python3-simpy3 time; do
	installed "$p" || missing+=("$p")
done
# Node.js and npm: the commands are what matter, whichever package gives them.
command -v node >/dev/null 2>&1 || installed nodejs || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || installed npm || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
	echo "== apt-get install ${missing[*]}"
	# A stale package list can name files the archive no longer has:
	# update and retry once.
	if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
		apt-get update
		apt-get install -y --no-install-recommends "${missing[@]}"
	fi
else
	echo "== Debian packages: all present (python3-pandas python3-simpy3 time, node and npm)"
fi

have=""
pkg=$DUCK_DIR/node_modules/@duckdb/node-api/package.json
if [ -f "$pkg" ]; then
	have=$(node -p "require(process.argv[1]).version" "$pkg")
fi
if [ -n "$have" ] && { [ "$want" = latest ] || [ "$want" = "$have" ]; }; then
	echo "== @duckdb/node-api $have already in $DUCK_DIR"
else
	echo "== npm install @duckdb/node-api@$want in $DUCK_DIR"
	mkdir -p "$DUCK_DIR"
	[ -f "$DUCK_DIR/package.json" ] || echo '{"private": true}' >"$DUCK_DIR/package.json"
	(cd "$DUCK_DIR" && npm install --no-audit --no-fund "@duckdb/node-api@$want")
fi

echo
echo "== versions"
echo "node:       $(node --version)"
echo "npm:        $(npm --version)"
echo "GNU time:   $(dpkg-query -W -f='${Version}' time 2>/dev/null || /usr/bin/time --version 2>&1 | head -1) (/usr/bin/time)"
/usr/bin/python3 -c '
import sys, numpy, pandas, simpy
print(f"python:     {sys.version.split()[0]} (/usr/bin/python3)")
print(f"numpy:      {numpy.__version__}")
print(f"pandas:     {pandas.__version__}")
print(f"simpy:      {simpy.__version__}")'
(cd "$DUCK_DIR" && node --input-type=module -e '
import { createRequire } from "node:module";
const require = createRequire(process.cwd() + "/noop.js");
const api = require("@duckdb/node-api");
const pkg = require("@duckdb/node-api/package.json");
const inst = await api.DuckDBInstance.create(":memory:");
const con = await inst.connect();
const [[v]] = (await con.runAndReadAll("SELECT version()")).getRows();
console.log(`duckdb:     ${v} (@duckdb/node-api ${pkg.version}, ${process.cwd()}/node_modules)`);
')
