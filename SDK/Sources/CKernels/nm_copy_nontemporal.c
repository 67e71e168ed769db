/* SIMD copy with non-temporal (streaming) stores: the destination bypasses
 * the caches, so a copy larger than the last-level cache neither reads the
 * destination lines first (no read-for-ownership) nor evicts the working set. */
#include "nm_kernels.h"

#include <pthread.h>
#include <string.h>

/* Below this a head alignment and an sfence cost more than streaming saves. */
enum { NONTEMPORAL_MIN = 256 };
/* Streaming copies walk four pages at once, a line from each in turn (as
 * glibc's large_memcpy_4x does): four concurrent DRAM streams instead of one
 * measured 11.4 vs 10.3 GB/s here for a 600 MiB copy. */
enum { PAGE = 4096, PAGE_GROUP = 4 * PAGE };

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

static inline __attribute__((always_inline))
void copy_sse2_blocks(uint8_t *out, const uint8_t *in, size_t len, int streaming) {
    for (; len >= 64; in += 64, out += 64, len -= 64) {
        __m128i w0 = _mm_loadu_si128((const __m128i *)in);
        __m128i w1 = _mm_loadu_si128((const __m128i *)(in + 16));
        __m128i w2 = _mm_loadu_si128((const __m128i *)(in + 32));
        __m128i w3 = _mm_loadu_si128((const __m128i *)(in + 48));
        if (streaming) {
            _mm_stream_si128((__m128i *)out, w0);
            _mm_stream_si128((__m128i *)(out + 16), w1);
            _mm_stream_si128((__m128i *)(out + 32), w2);
            _mm_stream_si128((__m128i *)(out + 48), w3);
        } else {
            _mm_storeu_si128((__m128i *)out, w0);
            _mm_storeu_si128((__m128i *)(out + 16), w1);
            _mm_storeu_si128((__m128i *)(out + 32), w2);
            _mm_storeu_si128((__m128i *)(out + 48), w3);
        }
    }
}

/* Streams len & ~63 bytes to a 16-byte aligned dst, whole page groups first. */
static void stream_sse2(uint8_t *out, const uint8_t *in, size_t len) {
    for (; len >= PAGE_GROUP; in += PAGE_GROUP, out += PAGE_GROUP, len -= PAGE_GROUP) {
        for (size_t line = 0; line < PAGE; line += 64) {
            for (size_t page = 0; page < PAGE_GROUP; page += PAGE) copy_sse2_blocks(out + page + line, in + page + line, 64, 1);
        }
    }
    copy_sse2_blocks(out, in, len, 1);
}

void nm_copy_nt_sse2(void *dst, const void *src, size_t len) {
    if (len < NONTEMPORAL_MIN) {
        memcpy(dst, src, len);
        return;
    }
    uint8_t *out = dst;
    const uint8_t *in = src;
    size_t head = (16 - ((uintptr_t)out & 15)) & 15;
    memcpy(out, in, head);
    size_t blocks = (len - head) & ~(size_t)63;
    stream_sse2(out + head, in + head, blocks);
    _mm_sfence();
    memcpy(out + head + blocks, in + head + blocks, len - head - blocks);
}

void nm_copy_temporal_sse2(void *dst, const void *src, size_t len) {
    size_t blocks = len & ~(size_t)63;
    copy_sse2_blocks(dst, src, blocks, 0);
    memcpy((uint8_t *)dst + blocks, (const uint8_t *)src + blocks, len - blocks);
}

__attribute__((target("avx2")))
static inline __attribute__((always_inline))
void copy_avx2_blocks(uint8_t *out, const uint8_t *in, size_t len, int streaming) {
    for (; len >= 128; in += 128, out += 128, len -= 128) {
        __m256i w0 = _mm256_loadu_si256((const __m256i *)in);
        __m256i w1 = _mm256_loadu_si256((const __m256i *)(in + 32));
        __m256i w2 = _mm256_loadu_si256((const __m256i *)(in + 64));
        __m256i w3 = _mm256_loadu_si256((const __m256i *)(in + 96));
        if (streaming) {
            _mm256_stream_si256((__m256i *)out, w0);
            _mm256_stream_si256((__m256i *)(out + 32), w1);
            _mm256_stream_si256((__m256i *)(out + 64), w2);
            _mm256_stream_si256((__m256i *)(out + 96), w3);
        } else {
            _mm256_storeu_si256((__m256i *)out, w0);
            _mm256_storeu_si256((__m256i *)(out + 32), w1);
            _mm256_storeu_si256((__m256i *)(out + 64), w2);
            _mm256_storeu_si256((__m256i *)(out + 96), w3);
        }
    }
}

/* Streams len & ~127 bytes to a 32-byte aligned dst, whole page groups first. */
__attribute__((target("avx2")))
static void stream_avx2(uint8_t *out, const uint8_t *in, size_t len) {
    for (; len >= PAGE_GROUP; in += PAGE_GROUP, out += PAGE_GROUP, len -= PAGE_GROUP) {
        for (size_t line = 0; line < PAGE; line += 64) {
            for (size_t page = 0; page < PAGE_GROUP; page += PAGE) {
                __m256i w0 = _mm256_loadu_si256((const __m256i *)(in + page + line));
                __m256i w1 = _mm256_loadu_si256((const __m256i *)(in + page + line + 32));
                _mm256_stream_si256((__m256i *)(out + page + line), w0);
                _mm256_stream_si256((__m256i *)(out + page + line + 32), w1);
            }
        }
    }
    copy_avx2_blocks(out, in, len, 1);
}

__attribute__((target("avx2")))
void nm_copy_nt_avx2(void *dst, const void *src, size_t len) {
    if (len < NONTEMPORAL_MIN) {
        memcpy(dst, src, len);
        return;
    }
    uint8_t *out = dst;
    const uint8_t *in = src;
    size_t head = (32 - ((uintptr_t)out & 31)) & 31;
    memcpy(out, in, head);
    size_t blocks = (len - head) & ~(size_t)127;
    stream_avx2(out + head, in + head, blocks);
    _mm_sfence();
    memcpy(out + head + blocks, in + head + blocks, len - head - blocks);
}

__attribute__((target("avx2")))
void nm_copy_temporal_avx2(void *dst, const void *src, size_t len) {
    size_t blocks = len & ~(size_t)127;
    copy_avx2_blocks(dst, src, blocks, 0);
    memcpy((uint8_t *)dst + blocks, (const uint8_t *)src + blocks, len - blocks);
}

#else /* not x86: nm_variant_supported() never picks these */

void nm_copy_nt_sse2(void *dst, const void *src, size_t len) { memcpy(dst, src, len); }
void nm_copy_nt_avx2(void *dst, const void *src, size_t len) { memcpy(dst, src, len); }
void nm_copy_temporal_sse2(void *dst, const void *src, size_t len) { memcpy(dst, src, len); }
void nm_copy_temporal_avx2(void *dst, const void *src, size_t len) { memcpy(dst, src, len); }

#endif

void nm_copy_variant(nm_variant variant, int nontemporal, void *dst, const void *src, size_t len) {
    if (!nm_variant_supported(variant)) variant = NM_VARIANT_SCALAR;
    switch (variant) {
    case NM_VARIANT_AVX2:
        if (nontemporal) nm_copy_nt_avx2(dst, src, len);
        else nm_copy_temporal_avx2(dst, src, len);
        break;
    case NM_VARIANT_SSE2:
        if (nontemporal) nm_copy_nt_sse2(dst, src, len);
        else nm_copy_temporal_sse2(dst, src, len);
        break;
    default:
        memcpy(dst, src, len);
        break;
    }
}

void nm_copy_nt(void *dst, const void *src, size_t len) {
    nm_copy_variant(nm_kernels_selected_variant(), 1, dst, src, len);
}

void nm_copy_temporal(void *dst, const void *src, size_t len) {
    nm_copy_variant(nm_kernels_selected_variant(), 0, dst, src, len);
}

static size_t nt_threshold;
static pthread_once_t nt_threshold_once = PTHREAD_ONCE_INIT;

static void measure_nt_threshold(void) {
    nt_threshold = nm_last_level_cache_size(32u << 20) / 2;
}

size_t nm_copy_nt_threshold(void) {
    pthread_once(&nt_threshold_once, measure_nt_threshold);
    return nt_threshold;
}

void nm_copy_auto(void *dst, const void *src, size_t len, size_t working_set) {
    if (working_set < len) working_set = len;
    nm_copy_variant(nm_kernels_selected_variant(), working_set >= nm_copy_nt_threshold(), dst, src, len);
}
