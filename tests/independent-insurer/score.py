#!/usr/bin/env python3
"""Score a FraudGraph run (rings.csv, ring_members.csv) against an independent-insurer truth file.

This is a second reading beside the product's own `evaluate`, with its rules written down here:

- a true ring is FOUND when a flagged ring's victims have Jaccard >= 0.5 with its holders;
- a flagged ring is a TRUE HIT when it matches a true ring that way (strict precision), and is ON A RING
  when at least half of its victims are victims of one true ring (loose precision: a fragment of a big
  ring still points the SIU at the right people);
- a flagged ring that is not on a ring is charged to the look-alike (decoy) group holding most of its
  victims, if that group holds at least half of them; otherwise it is "other honest";
- precision of the top K ranks all candidate rings by score (flagged or not) and uses the loose rule;
- average precision is over the ranked candidate list, a hit being the first ring to match (Jaccard >= 0.5)
  a true ring not matched before, divided by the number of true rings.

    python3 score.py --truth truth.json --out OUT_DIR [--json FILE]
"""

import argparse
import collections
import csv
import json


def read_run(out_dir):
    rings = []
    with open(out_dir + "/rings.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            rings.append({"id": r["ring_id"], "score": float(r["score"]), "flagged": r["flagged"] == "true",
                          "victims": set()})
    by_id = {r["id"]: r for r in rings}
    with open(out_dir + "/ring_members.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["entity_type"] == "holder" and r["role"] == "victim" and r["ring_id"] in by_id:
                by_id[r["ring_id"]]["victims"].add(r["entity_id"])
    rings.sort(key=lambda r: (-r["score"], r["id"]))
    return rings


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def score(truth, rings):
    true_rings = [g for g in truth["groups"] if g["type"] == "ring"]
    decoys = [g for g in truth["groups"] if g["type"] == "decoy"]
    for g in truth["groups"]:
        g["set"] = set(g["holders"])
    ring_of = {}
    for g in true_rings:
        for h in g["holders"]:
            ring_of[h] = g["group_id"]
    decoys_of = collections.defaultdict(list)
    for g in decoys:
        for h in g["holders"]:
            decoys_of[h].append(g)
    by_gid = {g["group_id"]: g for g in true_rings}

    def best_match(r):
        best, best_j = None, 0.0
        for gid in {ring_of[h] for h in r["victims"] if h in ring_of}:
            j = jaccard(r["victims"], by_gid[gid]["set"])
            if j > best_j:
                best, best_j = gid, j
        return best, best_j

    def on_ring(r):
        c = collections.Counter(ring_of[h] for h in r["victims"] if h in ring_of)
        return bool(c) and c.most_common(1)[0][1] * 2 >= len(r["victims"])

    for r in rings:
        r["match"], r["jaccard"] = best_match(r)
        r["on_ring"] = on_ring(r)
    flagged = [r for r in rings if r["flagged"]]

    found = {}
    best_j = collections.defaultdict(float)
    for r in rings:
        if r["match"]:
            best_j[r["match"]] = max(best_j[r["match"]], r["jaccard"])
    for r in flagged:
        if r["match"] and r["jaccard"] >= 0.5:
            found[r["match"]] = True
    per_kind = collections.defaultdict(lambda: [0, 0])
    for g in true_rings:
        per_kind[g["kind"]][1] += 1
        per_kind[g["kind"]][0] += g["group_id"] in found

    decoy_hits = collections.defaultdict(set)   # kind -> decoy group ids flagged
    decoy_rings = collections.Counter()         # kind -> flagged rings charged to it
    other_honest = 0
    for r in flagged:
        if r["on_ring"]:
            continue
        c = collections.Counter()
        size = {}
        for h in r["victims"]:
            for g in decoys_of.get(h, ()):
                c[g["group_id"]] += 1
                size[g["group_id"]] = (g["kind"], len(g["set"]))
        if c:
            gid, n = min(c.items(), key=lambda kv: (-kv[1], size[kv[0]][1], kv[0]))
            if n * 2 >= len(r["victims"]):
                decoy_hits[size[gid][0]].add(gid)
                decoy_rings[size[gid][0]] += 1
                continue
        other_honest += 1

    matched, hits, ap_sum = set(), 0, 0.0
    for i, r in enumerate(rings, 1):
        if r["match"] and r["jaccard"] >= 0.5 and r["match"] not in matched:
            matched.add(r["match"])
            hits += 1
            ap_sum += hits / i
    top = {k: (sum(r["on_ring"] for r in rings[:k]) / min(k, len(rings)) if rings else 0.0) for k in (25, 50, 100)}
    decoy_groups = collections.Counter(g["kind"] for g in decoys)
    return {
        "true_rings": len(true_rings), "found": len(found),
        "recall": len(found) / len(true_rings) if true_rings else 0.0,
        "flagged": len(flagged),
        "precision_strict": sum(1 for r in flagged if r["match"] and r["jaccard"] >= 0.5) / len(flagged) if flagged else 0.0,
        "precision_loose": sum(r["on_ring"] for r in flagged) / len(flagged) if flagged else 0.0,
        "top": top, "average_precision": ap_sum / len(true_rings) if true_rings else 0.0,
        "per_kind": {k: {"found": v[0], "rings": v[1]} for k, v in sorted(per_kind.items())},
        "best_jaccard": {g["group_id"]: round(best_j.get(g["group_id"], 0.0), 2) for g in true_rings},
        "decoys": {k: {"groups": decoy_groups[k], "groups_flagged": len(decoy_hits.get(k, ())),
                       "flagged_rings": decoy_rings.get(k, 0)} for k in sorted(decoy_groups)},
        "other_honest_flagged": other_honest,
    }


def main():
    ap = argparse.ArgumentParser(description="Score a FraudGraph run against an independent-insurer truth file.")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--out", required=True, help="the run's --out folder (rings.csv, ring_members.csv)")
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()
    with open(args.truth, encoding="utf-8") as f:
        truth = json.load(f)
    s = score(truth, read_run(args.out))
    print("recall %.3f (%d/%d)  precision strict %.3f, loose %.3f (%d flagged)  top25/50/100 %.2f/%.2f/%.2f  AP %.3f"
          % (s["recall"], s["found"], s["true_rings"], s["precision_strict"], s["precision_loose"], s["flagged"],
             s["top"][25], s["top"][50], s["top"][100], s["average_precision"]))
    for k, v in s["per_kind"].items():
        print("  ring  %-22s %3d/%-3d found" % (k, v["found"], v["rings"]))
    for k, v in s["decoys"].items():
        print("  decoy %-22s %3d/%-4d groups flagged (%d flagged rings)" % (k, v["groups_flagged"], v["groups"],
                                                                           v["flagged_rings"]))
    print("  flagged rings of other honest holders: %d" % s["other_honest_flagged"])
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(s, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
