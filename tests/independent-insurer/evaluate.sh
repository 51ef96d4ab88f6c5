#!/usr/bin/env bash
# Generate an independent insurer, run the product on it, and score the run against the planted truth.
#
#   tests/independent-insurer/evaluate.sh SEED HOLDERS [WORKDIR]
#
# WORKDIR defaults to /tmp/independent-insurer/SEED-HOLDERS and is emptied first; it receives data/, truth.json,
# store.db, out/ and run.log. Prints the load summary, the product's own `evaluate`, then score.py's reading
# (its matching rules are in README.md).
set -euo pipefail
usage="usage: evaluate.sh SEED HOLDERS [WORKDIR]"
seed="${1:?$usage}"; holders="${2:?$usage}"
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
work="${3:-/tmp/independent-insurer/$seed-$holders}"
rm -rf "$work" && mkdir -p "$work"

python3 "$here/generate.py" --holders "$holders" --seed "$seed" --out "$work/data" --truth "$work/truth.json"
cd "$root"
dotnet run -c Release --project src/Graph.Cli -- --store "$work/store.db" run "$work/data" --out "$work/out" \
  > "$work/run.log" 2>&1 || { tail -20 "$work/run.log"; exit 1; }
grep -E '^[a-z_]+\.csv: read=|^total: read=|candidate rings' "$work/run.log" || true
echo "--- fraudgraph evaluate"
dotnet run -c Release --no-build --project src/Graph.Cli -- --store "$work/store.db" evaluate --truth "$work/truth.json"
echo "--- score.py"
python3 "$here/score.py" --truth "$work/truth.json" --out "$work/out" --json "$work/score.json"
