#!/usr/bin/env bash
# Generate an independent insurer, run the product on it, and score the run against the planted truth.
#
#   tests/independent-insurer/evaluate.sh SEED HOLDERS [WORKDIR]
#
# WORKDIR defaults to /tmp/independent-insurer/SEED-HOLDERS and holds data/, truth.json, store.db, out/.
# Prints the product's own `evaluate` and then score.py's reading (its rules are in README.md).
set -euo pipefail
seed="${1:?usage: evaluate.sh SEED HOLDERS [WORKDIR]}"; holders="${2:?usage: evaluate.sh SEED HOLDERS [WORKDIR]}"
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
work="${3:-/tmp/independent-insurer/$seed-$holders}"
rm -rf "$work" && mkdir -p "$work"

python3 "$here/generate.py" --holders "$holders" --seed "$seed" --out "$work/data" --truth "$work/truth.json"
cd "$root"
dotnet run -c Release --project src/Graph.Cli -- --store "$work/store.db" run "$work/data" --out "$work/out" \
  > "$work/run.log"
grep -E '^[a-z_]+\.csv:|total' "$work/run.log" || true
echo "--- fraudgraph evaluate"
dotnet run -c Release --no-build --project src/Graph.Cli -- --store "$work/store.db" evaluate --truth "$work/truth.json"
echo "--- score.py"
python3 "$here/score.py" --truth "$work/truth.json" --out "$work/out"
