#!/usr/bin/env python3
"""Sanity checks of a generated insurer: truth holders exist, rings have >= 3 victims, no holder in two groups."""
import csv, json, sys, collections
data, truth = sys.argv[1], sys.argv[2]
t = json.load(open(truth, encoding="utf-8"))
with open(data + "/policyholders.csv", encoding="utf-8-sig", newline="") as f:
    ids = {r["holder_id"] for r in csv.DictReader(f)}
bad = 0
seen = collections.Counter()
for g in t["groups"]:
    missing = [h for h in g["holders"] if h not in ids]
    if missing:
        print("MISSING", g["group_id"], missing[:5]); bad += 1
    if g["type"] == "ring" and len(g["holders"]) < 3:
        print("SMALL RING", g["group_id"], len(g["holders"])); bad += 1
    if not g["controllers"]:
        print("NO CONTROLLERS", g["group_id"], g["kind"])
    if len(set(g["holders"])) != len(g["holders"]):
        print("DUP", g["group_id"]); bad += 1
    seen.update(set(g["holders"]))
dups = [h for h, c in seen.items() if c > 1]
print("holders in more than one group:", len(dups))
rings = [g for g in t["groups"] if g["type"] == "ring"]
dec = [g for g in t["groups"] if g["type"] == "decoy"]
print("rings %d victims %d (%.2f%% of holders); decoys %d holders %d" % (
    len(rings), sum(len(g["holders"]) for g in rings), 100.0 * sum(len(g["holders"]) for g in rings) / t["holders"],
    len(dec), sum(len(g["holders"]) for g in dec)))
for g in rings:
    ct = collections.Counter(c["type"] for c in g["controllers"])
    print("  %s %-24s victims=%4d controllers=%s" % (g["group_id"], g["kind"], len(g["holders"]), dict(ct)))
kc = collections.defaultdict(list)
for g in dec:
    kc[g["kind"]].append(len(g["holders"]))
for k, v in sorted(kc.items()):
    print("  decoy %-24s n=%2d sizes=%s" % (k, len(v), sorted(v)))
print("OK" if not bad else "FAILED")
sys.exit(1 if bad else 0)
