/* Interleaved timing and medians. */
#define _POSIX_C_SOURCE 200809L
#include "bench_pair.h"

#include <stdlib.h>
#include <time.h>

/* Keeps results alive so the measured work is not optimized away. */
volatile uint64_t bench_sink;

double bench_now_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static double time_once(const bench_operation *operation) {
    double start = bench_now_seconds();
    bench_sink += operation->run(operation->state);
    return bench_now_seconds() - start;
}

static int compare_doubles(const void *left, const void *right) {
    double l = *(const double *)left, r = *(const double *)right;
    return (l > r) - (l < r);
}

static double median(double *values, int count) {
    qsort(values, (size_t)count, sizeof values[0], compare_doubles);
    return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

bench_result bench_measure(const bench_pair *pair, int repetitions) {
    bench_result result = {.pair = pair, .repetitions = repetitions};
    double *a_times = calloc((size_t)repetitions, sizeof(double));
    double *b_times = calloc((size_t)repetitions, sizeof(double));
    if (a_times == NULL || b_times == NULL) {
        free(a_times);
        free(b_times);
        return result;
    }
    /* Warm-up: page in, train predictors, bring in-cache buffers in. */
    time_once(&pair->a);
    time_once(&pair->b);
    result.ratio_low = 1e300;
    for (int round = 0; round < repetitions; round++) {
        a_times[round] = time_once(&pair->a);
        b_times[round] = time_once(&pair->b);
        double ratio = b_times[round] / a_times[round];
        if (ratio < result.ratio_low) result.ratio_low = ratio;
        if (ratio > result.ratio_high) result.ratio_high = ratio;
    }
    result.a_median_seconds = median(a_times, repetitions);
    result.b_median_seconds = median(b_times, repetitions);
    result.ratio = result.b_median_seconds / result.a_median_seconds;
    free(a_times);
    free(b_times);
    return result;
}
