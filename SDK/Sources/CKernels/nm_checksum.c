/* Internet checksum (RFC 1071): end-around-carry arithmetic, the plain
 * reference loop, the unrolled scalar loop, dispatch and streaming. */
#include "nm_kernels.h"

#include <string.h>

uint64_t nm_csum_add(uint64_t sum, uint64_t addend) {
    uint64_t total = sum + addend;
    /* The carry out of bit 63 wraps around (ones' complement); it cannot carry again. */
    return total + (total < addend);
}

uint64_t nm_csum_combine(uint64_t sum, uint64_t partial, uint64_t offset) {
    /* Rotating by 8 multiplies by 2^8 modulo 2^64-1, a multiple of 0xffff: after
     * folding that is the 16-bit byte swap a block at an odd offset needs. */
    if (offset & 1) partial = (partial << 8) | (partial >> 56);
    return nm_csum_add(sum, partial);
}

uint16_t nm_csum_fold(uint64_t sum) {
    sum = (sum & 0xffffffffu) + (sum >> 32);
    sum = (sum & 0xffffffffu) + (sum >> 32);
    sum = (sum & 0xffffu) + (sum >> 16);
    sum = (sum & 0xffffu) + (sum >> 16);
    sum = (sum & 0xffffu) + (sum >> 16);
    return (uint16_t)sum;
}

uint64_t nm_csum_partial_plain(const void *data, size_t len, uint64_t sum) {
    const uint8_t *bytes = data;
    uint64_t total = 0;
    for (; len >= 4; bytes += 4, len -= 4) {
        uint32_t word;
        memcpy(&word, bytes, 4);
        total += word;
    }
    /* Zero padding at the end of the last word, as RFC 1071 pads an odd byte. */
    uint32_t last = 0;
    memcpy(&last, bytes, len);
    total += last;
    return nm_csum_add(sum, total);
}

static inline uint64_t load64(const uint8_t *bytes) {
    uint64_t word;
    memcpy(&word, bytes, 8);
    return word;
}

uint64_t nm_csum_partial_scalar(const void *data, size_t len, uint64_t sum) {
    const uint8_t *bytes = data;
#if defined(__has_builtin) && __has_builtin(__builtin_addcll)
    /* One add-with-carry chain: 8 bytes per cycle without widening. */
    unsigned long long carry = 0, total = sum;
    for (; len >= 64; bytes += 64, len -= 64) {
        total = __builtin_addcll(total, load64(bytes + 0), carry, &carry);
        total = __builtin_addcll(total, load64(bytes + 8), carry, &carry);
        total = __builtin_addcll(total, load64(bytes + 16), carry, &carry);
        total = __builtin_addcll(total, load64(bytes + 24), carry, &carry);
        total = __builtin_addcll(total, load64(bytes + 32), carry, &carry);
        total = __builtin_addcll(total, load64(bytes + 40), carry, &carry);
        total = __builtin_addcll(total, load64(bytes + 48), carry, &carry);
        total = __builtin_addcll(total, load64(bytes + 56), carry, &carry);
    }
    sum = nm_csum_add(total, carry);
#endif
    for (; len >= 8; bytes += 8, len -= 8) sum = nm_csum_add(sum, load64(bytes));
    uint64_t last = 0;
    memcpy(&last, bytes, len);
    return nm_csum_add(sum, last);
}

uint64_t nm_csum_partial_variant(nm_variant variant, const void *data, size_t len, uint64_t sum) {
    if (!nm_variant_supported(variant)) variant = NM_VARIANT_SCALAR;
    switch (variant) {
    case NM_VARIANT_AVX2: return nm_csum_partial_avx2(data, len, sum);
    case NM_VARIANT_SSE2: return nm_csum_partial_sse2(data, len, sum);
    default: return nm_csum_partial_scalar(data, len, sum);
    }
}

uint64_t nm_csum_partial(const void *data, size_t len, uint64_t sum) {
    return nm_csum_partial_variant(nm_kernels_selected_variant(), data, len, sum);
}

uint16_t nm_csum(const void *data, size_t len) {
    return nm_csum_fold(nm_csum_partial(data, len, 0));
}

void nm_csum_stream_init(nm_csum_stream *stream) {
    stream->sum = 0;
    stream->offset = 0;
}

void nm_csum_stream_update(nm_csum_stream *stream, const void *data, size_t len) {
    stream->sum = nm_csum_combine(stream->sum, nm_csum_partial(data, len, 0), stream->offset);
    stream->offset += len;
}

uint16_t nm_csum_stream_fold(const nm_csum_stream *stream) {
    return nm_csum_fold(stream->sum);
}
