#include "nm_cpu.h"

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
