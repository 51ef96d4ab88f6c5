// How the machine's cores share memory, for docs/benchmarks.md ("Leiden's first local moving and the two cores").
//   gcc -O2 -pthread -o /tmp/cores bench/machine/cores.c && /tmp/cores
// 1. Ping-pong: two threads hand one cache line back and forth; the round trip is what a write by one core costs the
//    other to read (typically under 200 ns between cores that share a last-level cache, several hundred across dies).
// 2. Random reads of an 8 MB array (read only): one thread, then two threads each doing the same amount.
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static _Alignas(64) atomic_int flag;
static const long Trips = 2000000;

static void *answer(void *unused) {
    (void)unused;
    for (long i = 0; i < Trips; i++) {
        while (atomic_load_explicit(&flag, memory_order_acquire) != 1) { }
        atomic_store_explicit(&flag, 0, memory_order_release);
    }
    return NULL;
}

static uint32_t *array;
static const long Entries = 2 * 1024 * 1024; // 8 MB of uint32

static void *read_at_random(void *seed) {
    uint32_t r = (uint32_t)(uintptr_t)seed * 7919u + 1u;
    uint64_t sum = 0;
    for (long i = 0; i < 50000000; i++) { r = r * 1664525u + 1013904223u; sum += array[r % Entries]; }
    return (void *)(uintptr_t)sum;
}

static double run_readers(int threads) {
    pthread_t t[2];
    double start = now();
    for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, read_at_random, (void *)(uintptr_t)(i + 1));
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    return now() - start;
}

int main(void) {
    pthread_t other;
    pthread_create(&other, NULL, answer, NULL);
    double start = now();
    for (long i = 0; i < Trips; i++) {
        atomic_store_explicit(&flag, 1, memory_order_release);
        while (atomic_load_explicit(&flag, memory_order_acquire) != 0) { }
    }
    double pingPong = (now() - start) / Trips * 1e9;
    pthread_join(other, NULL);
    printf("cache line round trip between two threads: %.0f ns\n", pingPong);

    array = malloc(Entries * sizeof *array);
    for (long i = 0; i < Entries; i++) array[i] = (uint32_t)i;
    double one = run_readers(1), two = run_readers(2);
    printf("random reads of 8 MB: one thread %.3f s, two threads (twice the reads) %.3f s\n", one, two);
    return 0;
}
