/* The CPU's SIMD support as the compiler runtime sees it (CPUID plus the OS's
 * XSAVE state, so AVX counts only where the kernel saves its registers), and
 * CPU affinity, whose cpu_set_t macros Swift cannot import. */
#ifndef NETMATRIX_CPU_H
#define NETMATRIX_CPU_H

/* 1 when supported, 0 when not (always 0 off x86-64). */
int nm_cpu_has_sse2(void);
int nm_cpu_has_avx2(void);
int nm_cpu_has_avx512f(void);
int nm_cpu_has_avx512bw(void);

/* The CPUs this process may run on, in ascending order: writes at most `max`
 * into `cpus` and returns how many there are, or -1 with errno set. */
int nm_cpu_allowed(int *cpus, int max);

/* Pins the calling thread (and what it later spawns) to one CPU, 0 <= cpu <
 * CPU_SETSIZE: 0, or -1 with errno set. */
int nm_cpu_pin(int cpu);

#endif
