#!/usr/bin/env bash
# Issue 13's Leiden floor as a ratio measured in one run: alternates ROUNDS times a fresh process of the Leiden benchmark
# (1M-node planted-partition graph, CPM 0.01, 2 iterations, default threads; its "detection" figure) with igraph's C
# Leiden on the same graph, objective and iterations (bench/igraph_compare.py --cpm), then prints each round, the
# medians and igraph's median over ours. This host's speed drifts by 10-25% from hour to hour, and igraph drifts with it,
# so the ratio of one window is steadier than either time alone.
#
#   bash bench/leiden_ratio.sh [ROUNDS=5] [FOLDER=/tmp/pp]     # needs Debian's python3-igraph; about 20 s a round
#
# Each benchmark process generates the graph (seed 1, the same every time) and writes it into FOLDER, where igraph then
# reads it. Not run by CI.
set -euo pipefail
rounds="${1:-5}"; folder="${2:-/tmp/pp}"
root="$(cd "$(dirname "$0")/.." && pwd)"
/usr/bin/python3 -c 'import igraph' 2>/dev/null || { echo "needs igraph for /usr/bin/python3 (apt-get install python3-igraph)"; exit 2; }
dotnet build "$root/tests/Graph.Benchmarks" -c Release -v quiet -nologo > /dev/null
bench="$root/tests/Graph.Benchmarks/bin/Release/net10.0/Graph.Benchmarks.dll"
mkdir -p "$folder"
echo "machine: $(nproc) cores, $(uname -r), $(git -C "$root" log -1 --format=%h), $(date -u '+%F %T UTC')"
ours=(); theirs=()
for r in $(seq "$rounds"); do
  out="$(dotnet "$bench" leiden --nodes 1000000 --edge-file "$folder")"
  d="$(grep -oE 'detection [0-9.]+ s' <<<"$out" | grep -oE '[0-9.]+')"
  nmi="$(grep -oE 'NMI [0-9.]+' <<<"$out")"
  i="$(/usr/bin/python3 "$root/bench/igraph_compare.py" "$folder" --cpm | grep -oE 'CPM .*: [0-9.]+ s' | grep -oE '[0-9.]+ s$' | grep -oE '[0-9.]+')"
  ours+=("$d"); theirs+=("$i")
  echo "round $r (load $(cut -d' ' -f1 /proc/loadavg)): FraudGraph $d s ($nmi), igraph $i s, ratio $(awk "BEGIN {printf \"%.2f\", $i / $d}")"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
m_ours="$(median "${ours[@]}")"; m_theirs="$(median "${theirs[@]}")"
echo "median: FraudGraph $m_ours s, igraph $m_theirs s, igraph / FraudGraph $(awk "BEGIN {printf \"%.2f\", $m_theirs / $m_ours}")"
