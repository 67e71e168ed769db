#define _GNU_SOURCE
#include "nm_cpu.h"

#include <sched.h>

#if defined(__x86_64__)
static void nm_cpu_init(void) { __builtin_cpu_init(); }
int nm_cpu_has_sse2(void) { nm_cpu_init(); return __builtin_cpu_supports("sse2") ? 1 : 0; }
int nm_cpu_has_avx2(void) { nm_cpu_init(); return __builtin_cpu_supports("avx2") ? 1 : 0; }
int nm_cpu_has_avx512f(void) { nm_cpu_init(); return __builtin_cpu_supports("avx512f") ? 1 : 0; }
int nm_cpu_has_avx512bw(void) { nm_cpu_init(); return __builtin_cpu_supports("avx512bw") ? 1 : 0; }
#else
int nm_cpu_has_sse2(void) { return 0; }
int nm_cpu_has_avx2(void) { return 0; }
int nm_cpu_has_avx512f(void) { return 0; }
int nm_cpu_has_avx512bw(void) { return 0; }
#endif

int nm_cpu_allowed(int *cpus, int max) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    int count = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &set)) continue;
        if (count < max) cpus[count] = cpu;
        count++;
    }
    return count;
}

/* The caller passes a CPU from nm_cpu_allowed, so it is below CPU_SETSIZE. */
int nm_cpu_pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}
