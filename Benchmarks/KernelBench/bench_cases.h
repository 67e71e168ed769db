/* The comparisons the kernel benchmark runs, and the buffers they use. */
#ifndef NETMATRIX_KERNEL_BENCH_CASES_H
#define NETMATRIX_KERNEL_BENCH_CASES_H

#include "bench_pair.h"

enum { BENCH_CHUNK = 64 * 1024 };

/* Builds every pair; `large` is the size of buffers meant to exceed the
 * last-level cache. Returns the number of pairs, or -1 when memory ran out. */
int bench_build_pairs(bench_pair **pairs, size_t large, int in_cache_iterations);

#endif
