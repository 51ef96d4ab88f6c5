#!/usr/bin/env bash
# Whole-product benchmark: generate a synthetic insurer, load it into a fresh SQLite store, analyze it, then
# `run` (load + analyze in one process, the product's main job) into a second fresh store, and print wall time,
# CPU time and peak memory of each step (GNU time), plus the load's rows per second per file.
#
#   bash bench/pipeline.sh [HOLDERS=1000000] [SEED=1] [WORKDIR=/tmp/fraudgraph-bench] [PROFILE=classic|hard]
#
# Figures go into docs/benchmarks.md with the machine they were measured on. Not run by CI.
set -euo pipefail
holders="${1:-1000000}"; seed="${2:-1}"; work="${3:-/tmp/fraudgraph-bench}"; profile="${4:-classic}"
root="$(cd "$(dirname "$0")/.." && pwd)"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

dotnet build "$root/src/Graph.Cli" -c Release -v quiet -nologo >/dev/null
cli=(dotnet "$root/src/Graph.Cli/bin/Release/net10.0/fraudgraph.dll")
rm -rf "$work" && mkdir -p "$work"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dataset: $holders holders, seed $seed, profile $profile"

step() { # name, command...
  local name="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err"
  awk -v n="$name" '{ printf "| %-8s | %8.1f s | %8.1f s | %6.0f MiB |\n", n, $1, $2 + $3, $4 / 1024 }' "$work/$name.time"
}
echo "| step     |     wall |      CPU |  peak RSS |"
echo "|----------|----------|----------|-----------|"
step generate "${cli[@]}" generate --profile "$profile" --holders "$holders" --seed "$seed" --out "$work/data" --truth "$work/truth.json"
step load "${cli[@]}" --store "$work/store.db" load "$work/data"
step analyze "${cli[@]}" --store "$work/store.db" analyze --out "$work/out"
step run "${cli[@]}" --store "$work/run.db" run "$work/data" --out "$work/run-out"
echo
echo "load, per file:"; grep -E '^[a-z_]+\.csv:' "$work/load.out" | sed 's/^/  /'
echo "analysis stages (run.json):"; grep -E 'Time per stage' "$work/analyze.out" | sed 's/^/  /'
echo "run's analysis stages:"; grep -E 'Time per stage' "$work/run.out" | sed 's/^/  /'
cmp -s "$work/out/rings.csv" "$work/run-out/rings.csv" && echo "rings.csv of run and of load + analyze: byte-identical" \
  || echo "rings.csv of run and of load + analyze: DIFFER"
echo "quality against the generator's truth:"
"${cli[@]}" --store "$work/store.db" evaluate --truth "$work/truth.json" | sed 's/^/  /'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
