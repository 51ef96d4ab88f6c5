// The graph both local-moving probes work on (local_moving.c, rounds.c), so that their figures compare: 1,000,000 nodes
// in planted groups of 30, 9.7 arcs a node, 80% of them inside the group, ids in random order (like the benchmark's
// planted-partition graph in docs/benchmarks.md). A header of static definitions: each probe is one compile.
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

enum { Nodes = 1000000, GroupSize = 30 };
static const long Arcs = 9675194;
static int *offsets, *targets;

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static uint64_t state = 88172645463325252ULL;
static uint64_t next_random(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }

// Fills offsets and targets (the same graph on every run: the random stream has a fixed seed).
static void make_graph(void) {
    offsets = malloc((Nodes + 1) * sizeof(int));
    targets = malloc(Arcs * sizeof(int));
    for (int v = 0; v <= Nodes; v++) offsets[v] = (int)((long)v * Arcs / Nodes);
    int *order = malloc(Nodes * sizeof(int)), *place = malloc(Nodes * sizeof(int));
    for (int i = 0; i < Nodes; i++) order[i] = i;
    for (int i = Nodes - 1; i > 0; i--) { int j = next_random() % (i + 1), t = order[i]; order[i] = order[j]; order[j] = t; }
    for (int i = 0; i < Nodes; i++) place[order[i]] = i;
    for (int v = 0; v < Nodes; v++)
        for (int a = offsets[v]; a < offsets[v + 1]; a++) {
            int q = next_random() % 5 ? place[v] / GroupSize * GroupSize + (int)(next_random() % GroupSize) : (int)(next_random() % Nodes);
            targets[a] = order[q < Nodes ? q : Nodes - 1];
        }
    free(order);
    free(place);
}
