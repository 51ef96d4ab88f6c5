#!/usr/bin/python3
"""igraph's C Leiden on the same planted-partition graph as our benchmark, for a ratio measured in one run.

    dotnet run -c Release --project tests/Graph.Benchmarks -- leiden --nodes 1000000 --edge-file /tmp/pp
    /usr/bin/python3 bench/igraph_compare.py /tmp/pp      # needs Debian's python3-igraph

Prints seconds and NMI against the planted partition for modularity Leiden (2 iterations, igraph's usual
setting) and CPM Leiden at our default resolution; `--cpm` runs CPM only (bench/leiden_ratio.sh).
"""
import sys, time
import igraph as ig

args = [a for a in sys.argv[1:] if a != "--cpm"]
folder = args[0]
objectives = (("CPM", 0.01),) if "--cpm" in sys.argv[1:] else (("modularity", 1.0), ("CPM", 0.01))
t = time.perf_counter()
g = ig.Graph.Read_Edgelist(f"{folder}/edges.txt", directed=False)
planted = [0] * g.vcount()
with open(f"{folder}/planted.txt") as f:
    for line in f:
        v, c = line.split()
        planted[int(v)] = int(c)
print(f"igraph {ig.__version__}: read {time.perf_counter() - t:.2f} s, {g.vcount():,} nodes, {g.ecount():,} edges")

for objective, resolution in objectives:
    t = time.perf_counter()
    parts = g.community_leiden(objective_function=objective, resolution_parameter=resolution, n_iterations=2)
    seconds = time.perf_counter() - t
    nmi = ig.compare_communities(planted, parts.membership, method="nmi")
    print(f"igraph Leiden {objective} (resolution {resolution}, 2 iterations): {seconds:.2f} s, "
          f"{len(parts):,} communities, NMI {nmi:.4f}")
