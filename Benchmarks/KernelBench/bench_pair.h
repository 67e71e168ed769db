/* One side-by-side comparison: two operations timed alternately (A B A B ...)
 * after a warm-up, so machine drift hits both alike; medians of N rounds. */
#ifndef NETMATRIX_KERNEL_BENCH_PAIR_H
#define NETMATRIX_KERNEL_BENCH_PAIR_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_operation {
    const char *name;
    /* Runs the measured work once; returns a value the benchmark keeps so the
     * compiler cannot drop the work. */
    uint64_t (*run)(void *state);
    void *state;
} bench_operation;

typedef struct bench_pair {
    const char *id;            /* "a1", "b1", ... */
    const char *title;         /* what is compared, and in which form */
    bench_operation a;         /* the candidate */
    bench_operation b;         /* the baseline */
    uint64_t bytes_per_run;    /* payload bytes one run processes */
    double goal;               /* ratio B time / A time to reach; 0 when informational */
} bench_pair;

typedef struct bench_result {
    const bench_pair *pair;
    double a_median_seconds;
    double b_median_seconds;
    double ratio;              /* b_median / a_median: > 1 means A is faster */
    double ratio_low, ratio_high; /* smallest and largest per-round ratio */
    int repetitions;
} bench_result;

/* Measures `pair` over `repetitions` rounds (each round times A once, then B once). */
bench_result bench_measure(const bench_pair *pair, int repetitions);

double bench_now_seconds(void);

#endif
