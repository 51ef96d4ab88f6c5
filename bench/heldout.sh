#!/usr/bin/env bash
# Measure detection on generated insurers, one line per seed and a pooled line, optionally against a second build.
#
#   bench/heldout.sh PROFILE HOLDERS SEED [SEED ...]
#
# PROFILE: hard | classic (`fraudgraph generate --profile`), independent (tests/independent-insurer/generate.py),
# insurer-b (tests/insurer-b/generate.py, a second generator written apart from the product and from the first) or
# insurer-c (tests/insurer-c/generate.py, a third, written apart from the product and from the other two).
# Each seed is generated and loaded once into WORK (default /tmp/fraudgraph-heldout), then analyzed at default
# settings and evaluated against its planted truth. With BEFORE=/path/to/other/fraudgraph, every store is also
# analyzed with that build, alternately in the same run, and both lines are printed: how a change is confirmed on
# seeds it was never developed on (docs/detection.md, "Settings, and the seeds they were decided on"); a last line
# then counts the true rings' victims and the other holders the change added to flagged rings and took out of them.
# FG=/path/to/fraudgraph picks the build under test (default: this checkout's Release build, built if missing).
# VARIANT=NAME SET="KEY=VALUE ..." (independent only) generates insurers outside the ranges its seeds draw from
# (`generate.py --set`, e.g. SET="rings_per_10k=25"), stored apart under the name independent-NAME-SEED-HOLDERS.
set -euo pipefail
usage="usage: heldout.sh hard|classic|independent|insurer-b|insurer-c HOLDERS SEED [SEED ...]"
profile="${1:?$usage}"; holders="${2:?$usage}"; shift 2
[ $# -gt 0 ] || { echo "$usage" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${WORK:-/tmp/fraudgraph-heldout}"; mkdir -p "$work"
fg="${FG:-$root/src/Graph.Cli/bin/Release/net10.0/fraudgraph}"
if [ -z "${FG:-}" ] && [ ! -x "$fg" ]; then dotnet build -c Release "$root/src/Graph.Cli" -v q >/dev/null; fi

# One analyze + evaluate with build $1 on store $2, the evaluation's JSON written beside it as NAME.TAG.json.
measure() {
  local build="$1" name="$2" tag="$3"
  "$build" --store "$work/$name.db" analyze --out "$work/$name.$tag.out" > "$work/$name.$tag.log" 2>&1 \
    || { tail -5 "$work/$name.$tag.log" >&2; exit 1; }
  "$build" --store "$work/$name.db" evaluate --truth "$work/$name.truth.json" --json > "$work/$name.$tag.json"
}

if [ -n "${SET:-}" ] && { [ "$profile" != independent ] || [ -z "${VARIANT:-}" ]; }; then
  echo "SET needs PROFILE independent and a VARIANT name" >&2; exit 2
fi
label="$profile${VARIANT:+-$VARIANT}"
settings=(); for s in ${SET:-}; do settings+=(--set "$s"); done

for seed in "$@"; do
  name="$label-$seed-$holders"
  if [ ! -f "$work/$name.truth.json" ]; then
    rm -rf "$work/$name.in" "$work/$name.db"*
    if [ "$profile" = independent ]; then
      python3 "$root/tests/independent-insurer/generate.py" --holders "$holders" --seed "$seed" --out "$work/$name.in" --truth "$work/$name.truth.json" "${settings[@]}" > "$work/$name.generate.log" 2>&1 \
        || { tail -5 "$work/$name.generate.log" >&2; exit 1; }
    elif [ "$profile" = insurer-b ] || [ "$profile" = insurer-c ]; then
      python3 "$root/tests/$profile/generate.py" --holders "$holders" --seed "$seed" --out "$work/$name.in" --truth "$work/$name.truth.json" > "$work/$name.generate.log" 2>&1 \
        || { tail -5 "$work/$name.generate.log" >&2; exit 1; }
    else
      "$fg" generate --profile "$profile" --holders "$holders" --seed "$seed" --out "$work/$name.in" --truth "$work/$name.truth.json" > "$work/$name.generate.log" 2>&1 \
        || { tail -5 "$work/$name.generate.log" >&2; exit 1; }
    fi
  fi
  [ -f "$work/$name.db" ] || "$fg" --store "$work/$name.db" load "$work/$name.in" > "$work/$name.load.log" 2>&1 \
    || { tail -5 "$work/$name.load.log" >&2; exit 1; }
  measure "$fg" "$name" after
  [ -z "${BEFORE:-}" ] || measure "$BEFORE" "$name" before
done

python3 - "$work" "$label" "$holders" "${BEFORE:+before}" "$@" <<'EOF'
import json, sys
work, profile, holders, before, seeds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
tags = ["before", "after"] if before else ["after"]
pooled = {t: [0, 0, 0, 0, 0] for t in tags}
for seed in seeds:
    for tag in tags:
        e = json.load(open(f"{work}/{profile}-{seed}-{holders}.{tag}.json"))
        top50 = next(x["precision"] for x in e["top"] if x["k"] == 50)
        low = ", ".join(f"{k['kind']} {k['found']}/{k['groups']}" for k in e["ring_kinds"] if k["recall"] < 1)
        print(f"{profile} {holders} seed {seed} {tag:6}  recall {e['recall']:.3f} ({e['found']}/{e['true_rings']})  "
              f"precision {e['precision']:.3f} ({e['flagged_matching_truth']}/{e['flagged']})  top-50 {top50:.3f}  "
              f"look-alike rings {e['lookalike_rings_flagged']}  {low or 'all kinds found'}")
        p = pooled[tag]
        for i, v in enumerate((e["found"], e["true_rings"], e["flagged_matching_truth"], e["flagged"], e["lookalike_rings_flagged"])):
            p[i] += v
for tag in tags:
    f, t, m, fl, la = pooled[tag]
    print(f"pooled {tag:6} over {len(seeds)} seeds: recall {f / max(t, 1):.3f} ({f}/{t})  precision {m / max(fl, 1):.3f} ({m}/{fl})  look-alike rings {la}")

# Who is in the flagged rings, after against before: true rings' victims and other holders added and taken out. A change
# to grouping mostly moves members, which recall and precision at Jaccard 0.5 barely show.
if before:
    import csv
    def flagged_holders(name, tag):
        out = f"{work}/{name}.{tag}.out"
        flagged = {r["ring_id"] for r in csv.DictReader(open(f"{out}/rings.csv", encoding="utf-8-sig")) if r["flagged"] == "true"}
        return {r["entity_id"] for r in csv.DictReader(open(f"{out}/ring_members.csv", encoding="utf-8-sig"))
                if r["entity_type"] == "holder" and r["ring_id"] in flagged}
    moved = [0, 0, 0, 0]
    for seed in seeds:
        name = f"{profile}-{seed}-{holders}"
        truth = json.load(open(f"{work}/{name}.truth.json"))
        ring = {h for g in truth["groups"] if g["type"] == "ring" for h in g["holders"]}
        was, now = flagged_holders(name, "before"), flagged_holders(name, "after")
        added, taken = now - was, was - now
        for i, v in enumerate((len(added & ring), len(added - ring), len(taken & ring), len(taken - ring))):
            moved[i] += v
    print(f"members of flagged rings, after against before: added {moved[0]} ring victims and {moved[1]} others, "
          f"taken out {moved[2]} ring victims and {moved[3]} others")
EOF
