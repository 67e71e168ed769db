/* Private to CKernels: folding SIMD accumulators into a checksum sum, shared
 * by the checksum and the fused copy+checksum kernels. x86 only. */
#ifndef NETMATRIX_SIMD_LANES_H
#define NETMATRIX_SIMD_LANES_H

#include <immintrin.h>

#include "nm_kernels.h"

/* Adds the 64-bit lanes of `lanes` to `sum` with end-around carry. */
static inline uint64_t add_lanes128(uint64_t sum, __m128i lanes) {
    uint64_t words[2];
    _mm_storeu_si128((__m128i *)words, lanes);
    return nm_csum_add(nm_csum_add(sum, words[0]), words[1]);
}

__attribute__((target("avx2")))
static inline uint64_t add_lanes256(uint64_t sum, __m256i lanes) {
    uint64_t words[4];
    _mm256_storeu_si256((__m256i *)words, lanes);
    for (int i = 0; i < 4; i++) sum = nm_csum_add(sum, words[i]);
    return sum;
}

#endif
