// Leiden's first local moving, the plain way, for docs/benchmarks.md ("Leiden's first local moving and the two cores"):
// what one core and two cores can do on this machine, without FraudGraph's rounds.
//   gcc -O2 -pthread -o /tmp/local_moving bench/machine/local_moving.c && /tmp/local_moving 1 && /tmp/local_moving 2
// The graph of planted_graph.h (like the benchmark's: 1,000,000 nodes in planted groups of 30, 9.7 arcs a node, ids in
// random order), CPM with γ = 0.01 from singletons, unstable nodes visited in sweeps over a random order of blocks of
// 256 ids. With two threads the blocks alternate between them and moves are applied at once, cluster sizes by atomic
// add (GVE-Leiden's asynchronous way): the result depends on timing, which FraudGraph does not allow; timing only.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "planted_graph.h"

enum { BlockSize = 256 };
static int *membership, *sizes, *blocks, blockCount, threadCount;
static unsigned char *unstable;
static long visits[2], moves[2];

static void *sweep(void *arg) {
    long member = (long)arg;
    int clusters[64];
    double weights[64];
    long visited = 0, moved = 0; // counted apart: two threads incrementing neighbouring words would share a cache line
    for (int b = (int)member; b < blockCount; b += threadCount) {
        int first = blocks[b] * BlockSize, last = first + BlockSize < Nodes ? first + BlockSize : Nodes;
        for (int v = first; v < last; v++) {
            if (!unstable[v]) continue;
            unstable[v] = 0;
            visited++;
            int current = membership[v], count = 1;
            clusters[0] = current;
            weights[0] = 0;
            for (int a = offsets[v]; a < offsets[v + 1]; a++) {
                int u = targets[a];
                if (u == v) continue;
                int c = membership[u], k = 0;
                while (k < count && clusters[k] != c) k++;
                if (k == count) { clusters[count] = c; weights[count] = 1; count++; }
                else weights[k] += 1;
            }
            double best = weights[0] - 0.01 * (__atomic_load_n(&sizes[current], __ATOMIC_RELAXED) - 1);
            int chosen = current;
            for (int k = 1; k < count; k++) {
                double gain = weights[k] - 0.01 * __atomic_load_n(&sizes[clusters[k]], __ATOMIC_RELAXED);
                if (gain > best) { best = gain; chosen = clusters[k]; }
            }
            if (chosen == current) continue;
            __atomic_fetch_sub(&sizes[current], 1, __ATOMIC_RELAXED);
            __atomic_fetch_add(&sizes[chosen], 1, __ATOMIC_RELAXED);
            membership[v] = chosen;
            moved++;
            for (int a = offsets[v]; a < offsets[v + 1]; a++) {
                int u = targets[a];
                if (!unstable[u] && membership[u] != chosen) unstable[u] = 1;
            }
        }
    }
    visits[member] += visited;
    moves[member] += moved;
    return NULL;
}

int main(int argc, char **argv) {
    threadCount = argc > 1 && atoi(argv[1]) == 2 ? 2 : 1;
    make_graph();
    membership = malloc(Nodes * sizeof(int));
    sizes = malloc(Nodes * sizeof(int));
    for (int v = 0; v < Nodes; v++) { membership[v] = v; sizes[v] = 1; }
    unstable = malloc(Nodes);
    memset(unstable, 1, Nodes);
    blockCount = (Nodes + BlockSize - 1) / BlockSize;
    blocks = malloc(blockCount * sizeof(int));

    double start = now();
    int sweeps = 0;
    while (memchr(unstable, 1, Nodes) && sweeps < 50) {
        sweeps++;
        for (int b = 0; b < blockCount; b++) blocks[b] = b;
        for (int b = blockCount - 1; b > 0; b--) { int j = next_random() % (b + 1), t = blocks[b]; blocks[b] = blocks[j]; blocks[j] = t; }
        pthread_t threads[2];
        for (long i = 0; i < threadCount; i++) pthread_create(&threads[i], NULL, sweep, (void *)i);
        for (int i = 0; i < threadCount; i++) pthread_join(threads[i], NULL);
    }
    double seconds = now() - start;
    long totalVisits = visits[0] + visits[1];
    printf("%d thread(s): %.0f ms, %ld visits (%.0f ns each), %ld moves, %d sweeps\n", threadCount, seconds * 1e3,
           totalVisits, seconds * 1e9 / totalVisits, moves[0] + moves[1], sweeps);
    return 0;
}
