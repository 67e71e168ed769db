/* Fused copy + Internet checksum: each word is summed while it passes through
 * a register on its way to the destination, so the data crosses the memory
 * hierarchy once instead of twice (copy, then a checksum pass). */
#include "nm_kernels.h"

#include <string.h>

static inline uint64_t load64(const uint8_t *bytes) {
    uint64_t word;
    memcpy(&word, bytes, 8);
    return word;
}

uint64_t nm_copy_csum_partial_scalar(void *dst, const void *src, size_t len, uint64_t sum) {
    uint8_t *out = dst;
    const uint8_t *in = src;
#if defined(__has_builtin) && __has_builtin(__builtin_addcll)
    unsigned long long carry = 0, total = sum;
    for (; len >= 32; in += 32, out += 32, len -= 32) {
        uint64_t w0 = load64(in), w1 = load64(in + 8), w2 = load64(in + 16), w3 = load64(in + 24);
        memcpy(out, &w0, 8);
        memcpy(out + 8, &w1, 8);
        memcpy(out + 16, &w2, 8);
        memcpy(out + 24, &w3, 8);
        total = __builtin_addcll(total, w0, carry, &carry);
        total = __builtin_addcll(total, w1, carry, &carry);
        total = __builtin_addcll(total, w2, carry, &carry);
        total = __builtin_addcll(total, w3, carry, &carry);
    }
    sum = nm_csum_add(total, carry);
#endif
    for (; len >= 8; in += 8, out += 8, len -= 8) {
        uint64_t word = load64(in);
        memcpy(out, &word, 8);
        sum = nm_csum_add(sum, word);
    }
    uint64_t last = 0;
    memcpy(&last, in, len);
    memcpy(out, in, len);
    return nm_csum_add(sum, last);
}

#if defined(__x86_64__) || defined(__i386__)
#include "nm_simd_lanes.h"

/* Below this a head alignment and an sfence cost more than streaming saves. */
enum { NONTEMPORAL_MIN = 256 };
/* Ordinary stores to a cold destination first read each line for ownership;
 * asking for the lines this far ahead (PREFETCHW) overlaps those reads with
 * the copy: 64 KiB chunks into a 600 MiB buffer went from about 7.2 to 10
 * GB/s here (512 to 2048 bytes ahead all did). CPUs without PREFETCHW
 * execute it as a NOP. */
enum { STORE_PREFETCH_DISTANCE = 1024 };

/* Copies and sums len & ~63 bytes; `streaming` (a constant after inlining)
 * picks aligned non-temporal stores, which need a 16-byte aligned dst. */
__attribute__((target("prfchw")))
static inline __attribute__((always_inline))
uint64_t copy_csum_sse2_blocks(uint8_t *out, const uint8_t *in, size_t len, uint64_t sum, int streaming) {
    const __m128i low_half = _mm_set1_epi64x(0xffffffff);
    __m128i low[4], high[4];
    for (int i = 0; i < 4; i++) low[i] = high[i] = _mm_setzero_si128();
    for (; len >= 64; in += 64, out += 64, len -= 64) {
        if (!streaming && len > STORE_PREFETCH_DISTANCE) __builtin_prefetch(out + STORE_PREFETCH_DISTANCE, 1, 3);
        for (int i = 0; i < 4; i++) {
            __m128i words = _mm_loadu_si128((const __m128i *)(in + 16 * i));
            if (streaming) _mm_stream_si128((__m128i *)(out + 16 * i), words);
            else _mm_storeu_si128((__m128i *)(out + 16 * i), words);
            low[i] = _mm_add_epi64(low[i], _mm_and_si128(words, low_half));
            high[i] = _mm_add_epi64(high[i], _mm_srli_epi64(words, 32));
        }
    }
    for (int i = 0; i < 4; i++) sum = add_lanes128(add_lanes128(sum, low[i]), high[i]);
    return sum;
}

__attribute__((target("prfchw")))
uint64_t nm_copy_csum_partial_sse2(void *dst, const void *src, size_t len, uint64_t sum) {
    size_t blocks = len & ~(size_t)63;
    sum = copy_csum_sse2_blocks(dst, src, blocks, sum, 0);
    return nm_copy_csum_partial_scalar((uint8_t *)dst + blocks, (const uint8_t *)src + blocks, len - blocks, sum);
}

__attribute__((target("prfchw")))
uint64_t nm_copy_csum_partial_nt_sse2(void *dst, const void *src, size_t len, uint64_t sum) {
    if (len < NONTEMPORAL_MIN) return nm_copy_csum_partial_sse2(dst, src, len, sum);
    uint8_t *out = dst;
    const uint8_t *in = src;
    size_t head = (16 - ((uintptr_t)out & 15)) & 15;
    sum = nm_copy_csum_partial_scalar(out, in, head, sum);
    size_t blocks = (len - head) & ~(size_t)63;
    uint64_t rest = copy_csum_sse2_blocks(out + head, in + head, blocks, 0, 1);
    _mm_sfence();
    rest = nm_copy_csum_partial_scalar(out + head + blocks, in + head + blocks, len - head - blocks, rest);
    /* An odd head puts everything after it at an odd offset. */
    return nm_csum_combine(sum, rest, head);
}

/* Copies and sums len & ~127 bytes; streaming needs a 32-byte aligned dst. */
__attribute__((target("avx2,prfchw")))
static inline __attribute__((always_inline))
uint64_t copy_csum_avx2_blocks(uint8_t *out, const uint8_t *in, size_t len, uint64_t sum, int streaming) {
    const __m256i low_half = _mm256_set1_epi64x(0xffffffff);
    __m256i low[4], high[4];
    for (int i = 0; i < 4; i++) low[i] = high[i] = _mm256_setzero_si256();
    for (; len >= 128; in += 128, out += 128, len -= 128) {
        if (!streaming && len > STORE_PREFETCH_DISTANCE) {
            __builtin_prefetch(out + STORE_PREFETCH_DISTANCE, 1, 3);
            __builtin_prefetch(out + STORE_PREFETCH_DISTANCE + 64, 1, 3);
        }
        for (int i = 0; i < 4; i++) {
            __m256i words = _mm256_loadu_si256((const __m256i *)(in + 32 * i));
            if (streaming) _mm256_stream_si256((__m256i *)(out + 32 * i), words);
            else _mm256_storeu_si256((__m256i *)(out + 32 * i), words);
            low[i] = _mm256_add_epi64(low[i], _mm256_and_si256(words, low_half));
            high[i] = _mm256_add_epi64(high[i], _mm256_srli_epi64(words, 32));
        }
    }
    for (int i = 0; i < 4; i++) sum = add_lanes256(add_lanes256(sum, low[i]), high[i]);
    return sum;
}

__attribute__((target("avx2,prfchw")))
uint64_t nm_copy_csum_partial_avx2(void *dst, const void *src, size_t len, uint64_t sum) {
    size_t blocks = len & ~(size_t)127;
    sum = copy_csum_avx2_blocks(dst, src, blocks, sum, 0);
    return nm_copy_csum_partial_scalar((uint8_t *)dst + blocks, (const uint8_t *)src + blocks, len - blocks, sum);
}

__attribute__((target("avx2,prfchw")))
uint64_t nm_copy_csum_partial_nt_avx2(void *dst, const void *src, size_t len, uint64_t sum) {
    if (len < NONTEMPORAL_MIN) return nm_copy_csum_partial_avx2(dst, src, len, sum);
    uint8_t *out = dst;
    const uint8_t *in = src;
    size_t head = (32 - ((uintptr_t)out & 31)) & 31;
    sum = nm_copy_csum_partial_scalar(out, in, head, sum);
    size_t blocks = (len - head) & ~(size_t)127;
    uint64_t rest = copy_csum_avx2_blocks(out + head, in + head, blocks, 0, 1);
    _mm_sfence();
    rest = nm_copy_csum_partial_scalar(out + head + blocks, in + head + blocks, len - head - blocks, rest);
    return nm_csum_combine(sum, rest, head);
}

#else /* not x86: nm_variant_supported() never picks these */

__attribute__((target("prfchw")))
uint64_t nm_copy_csum_partial_sse2(void *dst, const void *src, size_t len, uint64_t sum) {
    return nm_copy_csum_partial_scalar(dst, src, len, sum);
}
uint64_t nm_copy_csum_partial_avx2(void *dst, const void *src, size_t len, uint64_t sum) {
    return nm_copy_csum_partial_scalar(dst, src, len, sum);
}
uint64_t nm_copy_csum_partial_nt_sse2(void *dst, const void *src, size_t len, uint64_t sum) {
    return nm_copy_csum_partial_scalar(dst, src, len, sum);
}
uint64_t nm_copy_csum_partial_nt_avx2(void *dst, const void *src, size_t len, uint64_t sum) {
    return nm_copy_csum_partial_scalar(dst, src, len, sum);
}

#endif

uint64_t nm_copy_csum_partial_variant(nm_variant variant, int nontemporal,
                                      void *dst, const void *src, size_t len, uint64_t sum) {
    if (!nm_variant_supported(variant)) variant = NM_VARIANT_SCALAR;
    switch (variant) {
    case NM_VARIANT_AVX2:
        return nontemporal ? nm_copy_csum_partial_nt_avx2(dst, src, len, sum)
                           : nm_copy_csum_partial_avx2(dst, src, len, sum);
    case NM_VARIANT_SSE2:
        return nontemporal ? nm_copy_csum_partial_nt_sse2(dst, src, len, sum)
                           : nm_copy_csum_partial_sse2(dst, src, len, sum);
    default:
        return nm_copy_csum_partial_scalar(dst, src, len, sum);
    }
}

uint64_t nm_copy_csum_partial(void *dst, const void *src, size_t len, uint64_t sum) {
    return nm_copy_csum_partial_variant(nm_kernels_selected_variant(), 0, dst, src, len, sum);
}

uint64_t nm_copy_csum_partial_nt(void *dst, const void *src, size_t len, uint64_t sum) {
    return nm_copy_csum_partial_variant(nm_kernels_selected_variant(), 1, dst, src, len, sum);
}
