// Leiden's first local moving in deterministic rounds, as FraudGraph does it (the team decides a round of blocks against
// one state, the calling thread applies the decisions in block order, re-deciding a node whose clusters changed earlier
// in the round, then the team marks the moved nodes' neighbours), for docs/benchmarks.md ("Leiden: the phases' close,
// tiered compilation, and the helper's own copy"). Same graph as local_moving.c (planted_graph.h).
//   gcc -O2 -pthread -o /tmp/rounds bench/machine/rounds.c && /tmp/rounds 1 0 && /tmp/rounds 2 0 && /tmp/rounds 2 1
// First argument: threads (1 or 2). Second: 0, the helper reads the shared memberships and cluster sizes; 1, it reads
// its own copy, brought up to date from the list of the round's moves before it marks. The result ("check") is the
// same in every mode; the times of the decide, commit and mark phases are printed.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "planted_graph.h"

enum { BlockSize = 256, RoundBlocks = 32, Slots = RoundBlocks * BlockSize };
static const double Gamma = 0.01;
static int *blocks, blockCount, threadCount, mode;
static int *membership[2], *sizes[2], *touched;
static unsigned char *unstable;
static int candNode[Slots], candFrom[Slots], candTo[Slots], blockCand[RoundBlocks];
static double candWTo[Slots], candWFrom[Slots];
static int moved[Slots * 3], movedCount;
static int roundFirst, roundBlocks, roundNo;
static volatile int phase; // 0 idle, 1 decide, 2 mark, 3 quit
static int phaseGen;
static int next_chunk, done_count;
static long visits, moves, redecided;
static double tDecide, tCommit, tMark;

typedef struct { int c[128]; double w[128]; int n; } Scratch;

static int gather(Scratch *s, int v, int *mem) {
    int cur = mem[v]; s->n = 1; s->c[0] = cur; s->w[0] = 0;
    for (int a = offsets[v]; a < offsets[v + 1]; a++) {
        int u = targets[a]; if (u == v) continue;
        int c = mem[u], k = 0;
        while (k < s->n && s->c[k] != c) k++;
        if (k == s->n) { s->c[k] = c; s->w[k] = 1; s->n++; } else s->w[k] += 1;
    }
    return s->n;
}

static void decide_block(int slot, int m) {
    int *mem = membership[m], *sz = sizes[m];
    Scratch s;
    int first = blocks[roundFirst + slot] * BlockSize, last = first + BlockSize < Nodes ? first + BlockSize : Nodes;
    int at = slot * BlockSize, count = 0;
    for (int v = first; v < last; v++) {
        if (!unstable[v]) continue;
        unstable[v] = 0;
        gather(&s, v, mem);
        int cur = s.c[0];
        double stay = s.w[0] - Gamma * (sz[cur] - 1), best = stay, bw = s.w[0];
        int chosen = cur;
        for (int k = 1; k < s.n; k++) { double g = s.w[k] - Gamma * sz[s.c[k]]; if (g > best) { best = g; chosen = s.c[k]; bw = s.w[k]; } }
        if (chosen == cur) continue;
        candNode[at + count] = v; candFrom[at + count] = cur; candTo[at + count] = chosen; candWTo[at + count] = bw; candWFrom[at + count] = s.w[0];
        count++;
    }
    blockCand[slot] = count;
}

static void commit(void) {
    int *mem = membership[0], *sz = sizes[0];
    int r = ++roundNo; movedCount = 0;
    Scratch s;
    for (int slot = 0; slot < roundBlocks; slot++)
        for (int i = slot * BlockSize, e = i + blockCand[slot]; i < e; i++) {
            int v = candNode[i], from = candFrom[i], to = candTo[i];
            if (touched[from] == r || touched[to] == r) {
                redecided++;
                gather(&s, v, mem);
                double stay = s.w[0] - Gamma * (sz[from] - 1), best = stay; to = from;
                for (int k = 1; k < s.n; k++) { double g = s.w[k] - Gamma * sz[s.c[k]]; if (g > best) { best = g; to = s.c[k]; } }
                if (to == from) continue;
            } else {
                double stay = candWFrom[i] - Gamma * (sz[from] - 1), g = candWTo[i] - Gamma * sz[to];
                if (g <= stay) continue;
            }
            sz[from]--; sz[to]++; mem[v] = to; touched[from] = r; touched[to] = r;
            moved[3 * movedCount] = v; moved[3 * movedCount + 1] = from; moved[3 * movedCount + 2] = to; movedCount++;
        }
    moves += movedCount;
}

static void mark_chunk(int chunk, int m) {
    int *mem = membership[m];
    for (int i = chunk * BlockSize, e = i + BlockSize < movedCount ? i + BlockSize : movedCount; i < e; i++) {
        int v = moved[3 * i], c = mem[v];
        for (int a = offsets[v]; a < offsets[v + 1]; a++) { int u = targets[a]; if (!unstable[u] && mem[u] != c) unstable[u] = 1; }
    }
}

static void apply_replica(void) {
    int *mem = membership[1], *sz = sizes[1];
    for (int i = 0; i < movedCount; i++) { int v = moved[3 * i], f = moved[3 * i + 1], t = moved[3 * i + 2]; mem[v] = t; sz[f]--; sz[t]++; }
}

static void work(int ph, int m) {
    if (ph == 2 && m == 1 && mode == 1) apply_replica();
    int total = ph == 1 ? roundBlocks : (movedCount + BlockSize - 1) / BlockSize;
    for (;;) {
        int c = __atomic_fetch_add(&next_chunk, 1, __ATOMIC_ACQ_REL);
        if (c >= total) break;
        if (ph == 1) decide_block(c, m); else mark_chunk(c, m);
    }
    __atomic_fetch_add(&done_count, 1, __ATOMIC_ACQ_REL);
}

static void *helper(void *arg) {
    (void)arg;
    int seen = 0;
    for (;;) {
        while (__atomic_load_n(&phaseGen, __ATOMIC_ACQUIRE) == seen) __builtin_ia32_pause();
        seen = __atomic_load_n(&phaseGen, __ATOMIC_ACQUIRE);
        int ph = phase;
        if (ph == 3) return NULL;
        work(ph, 1);
    }
}

static void run_phase(int ph) {
    next_chunk = 0; done_count = 0; phase = ph;
    if (threadCount == 2) {
        __atomic_fetch_add(&phaseGen, 1, __ATOMIC_ACQ_REL);
        work(ph, 0);
        while (__atomic_load_n(&done_count, __ATOMIC_ACQUIRE) < 2) __builtin_ia32_pause();
    } else {
        if (ph == 2 && mode == 1) apply_replica();
        work(ph, 0);
    }
}

int main(int argc, char **argv) {
    threadCount = argc > 1 ? atoi(argv[1]) : 1;
    mode = argc > 2 ? atoi(argv[2]) : 0;
    make_graph();
    for (int m = 0; m < 2; m++) {
        membership[m] = malloc(Nodes * sizeof(int)); sizes[m] = malloc(Nodes * sizeof(int));
        for (int v = 0; v < Nodes; v++) { membership[m][v] = v; sizes[m][v] = 1; }
    }
    if (mode == 0) { membership[1] = membership[0]; sizes[1] = sizes[0]; }
    touched = calloc(Nodes, sizeof(int));
    unstable = malloc(Nodes); memset(unstable, 1, Nodes);
    blockCount = (Nodes + BlockSize - 1) / BlockSize; blocks = malloc(blockCount * sizeof(int));
    pthread_t h;
    if (threadCount == 2) pthread_create(&h, NULL, helper, NULL);
    double start = now(); int sweeps = 0;
    while (memchr(unstable, 1, Nodes) && sweeps < 50) {
        sweeps++;
        for (int b = 0; b < blockCount; b++) blocks[b] = b;
        for (int b = blockCount - 1; b > 0; b--) { int j = next_random() % (b + 1), t = blocks[b]; blocks[b] = blocks[j]; blocks[j] = t; }
        for (roundFirst = 0; roundFirst < blockCount; roundFirst += RoundBlocks) {
            roundBlocks = blockCount - roundFirst < RoundBlocks ? blockCount - roundFirst : RoundBlocks;
            int waiting = 0;
            for (int b = roundFirst; b < roundFirst + roundBlocks; b++) { int f = blocks[b] * BlockSize; for (int v = f; v < f + BlockSize && v < Nodes; v++) waiting += unstable[v]; }
            if (!waiting) continue;
            visits += waiting;
            double t0 = now(); run_phase(1); double t1 = now();
            commit(); double t2 = now();
            if (movedCount) run_phase(2);
            tDecide += t1 - t0; tCommit += t2 - t1; tMark += now() - t2;
        }
    }
    double sec = now() - start;
    if (threadCount == 2) { phase = 3; __atomic_fetch_add(&phaseGen, 1, __ATOMIC_ACQ_REL); pthread_join(h, NULL); }
    long check = 0; for (int v = 0; v < Nodes; v++) check = check * 31 + membership[0][v];
    printf("%d thread(s) mode %d: %.0f ms, %ld visits (%.0f ns each), %ld moves, %ld redecided, %d sweeps, check %lx; decide %.0f commit %.0f mark %.0f ms\n",
           threadCount, mode, sec * 1e3, visits, sec * 1e9 / visits, moves, redecided, sweeps, check, tDecide*1e3, tCommit*1e3, tMark*1e3);
    return 0;
}
