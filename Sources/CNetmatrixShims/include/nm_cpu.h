/* The CPU's SIMD support as the compiler runtime sees it (CPUID plus the OS's
 * XSAVE state, so AVX counts only where the kernel saves its registers). */
#ifndef NETMATRIX_CPU_H
#define NETMATRIX_CPU_H

/* 1 when supported, 0 when not (always 0 off x86-64). */
int nm_cpu_has_sse2(void);
int nm_cpu_has_avx2(void);
int nm_cpu_has_avx512f(void);
int nm_cpu_has_avx512bw(void);

#endif
