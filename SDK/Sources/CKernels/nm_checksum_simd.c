/* SSE2 and AVX2 Internet checksum. Each 64-bit lane accumulates the low and
 * the high 32-bit halves of the loaded words in separate accumulators, so no
 * carry is ever lost (a lane overflows only after 2^32 additions) and no
 * per-lane carry bookkeeping is needed: four cheap ops per vector. */
#include "nm_kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include "nm_simd_lanes.h"

uint64_t nm_csum_partial_sse2(const void *data, size_t len, uint64_t sum) {
    const uint8_t *bytes = data;
    const __m128i low_half = _mm_set1_epi64x(0xffffffff);
    __m128i low[4], high[4];
    for (int i = 0; i < 4; i++) low[i] = high[i] = _mm_setzero_si128();
    for (; len >= 64; bytes += 64, len -= 64) {
        for (int i = 0; i < 4; i++) {
            __m128i words = _mm_loadu_si128((const __m128i *)(bytes + 16 * i));
            low[i] = _mm_add_epi64(low[i], _mm_and_si128(words, low_half));
            high[i] = _mm_add_epi64(high[i], _mm_srli_epi64(words, 32));
        }
    }
    for (; len >= 16; bytes += 16, len -= 16) {
        __m128i words = _mm_loadu_si128((const __m128i *)bytes);
        low[0] = _mm_add_epi64(low[0], _mm_and_si128(words, low_half));
        high[0] = _mm_add_epi64(high[0], _mm_srli_epi64(words, 32));
    }
    for (int i = 0; i < 4; i++) {
        sum = add_lanes128(sum, low[i]);
        sum = add_lanes128(sum, high[i]);
    }
    /* The rest starts at an even offset: 16-byte steps keep the parity. */
    return nm_csum_partial_scalar(bytes, len, sum);
}

__attribute__((target("avx2")))
uint64_t nm_csum_partial_avx2(const void *data, size_t len, uint64_t sum) {
    const uint8_t *bytes = data;
    const __m256i low_half = _mm256_set1_epi64x(0xffffffff);
    __m256i low[4], high[4];
    for (int i = 0; i < 4; i++) low[i] = high[i] = _mm256_setzero_si256();
    for (; len >= 128; bytes += 128, len -= 128) {
        for (int i = 0; i < 4; i++) {
            __m256i words = _mm256_loadu_si256((const __m256i *)(bytes + 32 * i));
            low[i] = _mm256_add_epi64(low[i], _mm256_and_si256(words, low_half));
            high[i] = _mm256_add_epi64(high[i], _mm256_srli_epi64(words, 32));
        }
    }
    for (; len >= 32; bytes += 32, len -= 32) {
        __m256i words = _mm256_loadu_si256((const __m256i *)bytes);
        low[0] = _mm256_add_epi64(low[0], _mm256_and_si256(words, low_half));
        high[0] = _mm256_add_epi64(high[0], _mm256_srli_epi64(words, 32));
    }
    for (int i = 0; i < 4; i++) {
        sum = add_lanes256(sum, low[i]);
        sum = add_lanes256(sum, high[i]);
    }
    return nm_csum_partial_scalar(bytes, len, sum);
}

#else /* not x86: nm_variant_supported() never picks these */

uint64_t nm_csum_partial_sse2(const void *data, size_t len, uint64_t sum) {
    return nm_csum_partial_scalar(data, len, sum);
}

uint64_t nm_csum_partial_avx2(const void *data, size_t len, uint64_t sum) {
    return nm_csum_partial_scalar(data, len, sum);
}

#endif
