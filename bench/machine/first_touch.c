// What touching fresh memory costs on this machine, for docs/benchmarks.md ("Leiden: what the cold run pays for fresh
// memory"): the cost behind a cold Leiden run's set-up and its page toucher.
//   gcc -O2 -o /tmp/first_touch bench/machine/first_touch.c && /tmp/first_touch 300 5
// Maps MB of anonymous memory with 2 MiB pages asked for (madvise, as the engine's large arrays are), writes one byte
// per 4 KiB page, unmaps it; three times in a row, then once more after PAUSE seconds. Then the same on 4 KiB pages.
// If the second and third rounds are far cheaper than the first and the one after the pause costs as much as the first,
// the guest gives freed memory back to the host within seconds (free page reporting), and every cold run pays for the
// host to back its memory again.
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static double touch_once(size_t bytes, int huge)
{
    const size_t huge_page = 2u << 20;
    char *mapped = mmap(NULL, bytes + huge_page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) { perror("mmap"); exit(1); }
    char *start = (char *)(((size_t)mapped + huge_page - 1) & ~(huge_page - 1));
    madvise(start, bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    double t = now();
    for (size_t offset = 0; offset < bytes; offset += 4096) start[offset] = 1;
    t = now() - t;
    munmap(mapped, bytes + huge_page);
    return t * 1e3;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 300;
    int pause = argc > 2 ? atoi(argv[2]) : 5;
    for (int huge = 1; huge >= 0; huge--)
    {
        const char *labels[] = { "fresh", "again at once", "again at once" };
        for (int round = 0; round < 3; round++)
        {
            double ms = touch_once(mb << 20, huge);
            printf("%s pages, %-14s %zu MB in %7.1f ms, %5.2f ms per MB\n", huge ? "2 MiB" : "4 KiB", labels[round], mb, ms, ms / mb);
        }
        sleep(pause);
        double ms = touch_once(mb << 20, huge);
        printf("%s pages, after %d s       %zu MB in %7.1f ms, %5.2f ms per MB\n", huge ? "2 MiB" : "4 KiB", pause, mb, ms, ms / mb);
    }
    return 0;
}
