/* Hot data-path kernels shared by the C plugins and the kernel benchmark:
 * Internet checksum (RFC 1071), fused copy+checksum, non-temporal SIMD copy.
 *
 * Variants (AVX2 / SSE2 / scalar) are picked once, at the first call, from
 * __builtin_cpu_supports; the NETMATRIX_KERNEL_VARIANT environment variable
 * ("avx2", "sse2", "scalar") caps the pick for experiments. Every variant is
 * also callable by name so tests and benchmarks can compare them side by side.
 *
 * Checksum convention (the one Linux's csum_partial uses): 16-bit words are
 * summed as loaded in host byte order. The ones' complement sum is byte-order
 * independent (RFC 1071 section 2), so storing ~nm_csum_fold(sum) with a
 * plain 16-bit store puts the checksum on the wire in network order.
 *
 * Partial sums are 64-bit accumulators with end-around carry: their value is
 * not unique, only nm_csum_fold() of them is. A partial sum always treats its
 * buffer as starting at an even offset of the checksummed stream; use
 * nm_csum_combine() or nm_csum_stream to place a block at an odd offset. */
#ifndef NETMATRIX_KERNELS_H
#define NETMATRIX_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Variants and run-time dispatch (nm_variant.c) ---- */

typedef enum nm_variant {
    NM_VARIANT_SCALAR = 0,
    NM_VARIANT_SSE2 = 1,
    NM_VARIANT_AVX2 = 2,
} nm_variant;

/* The variant the dispatching functions below use (chosen once). */
nm_variant nm_kernels_selected_variant(void);
/* Its name: "avx2", "sse2" or "scalar". */
const char *nm_kernels_variant(void);
/* "avx2", "sse2", "scalar"; "unknown" for anything else. */
const char *nm_variant_name(nm_variant variant);
/* Non-zero when this CPU can run `variant`. */
int nm_variant_supported(nm_variant variant);
/* Parses "avx2" / "sse2" / "scalar"; returns 0 and sets *variant, or -1. */
int nm_variant_parse(const char *name, nm_variant *variant);
/* Last-level cache size in bytes from /sys/devices/system/cpu/cpu0/cache
 * (largest unified or data cache), or `fallback` when it cannot be read. */
size_t nm_last_level_cache_size(size_t fallback);

/* ---- Internet checksum, RFC 1071 (nm_checksum.c, nm_checksum_simd.c) ---- */

/* Adds two partial sums with end-around carry. */
uint64_t nm_csum_add(uint64_t sum, uint64_t addend);
/* Adds `partial`, summed over a block that starts at stream offset `offset`,
 * to `sum`: a block at an odd offset has its bytes swapped in 16-bit words. */
uint64_t nm_csum_combine(uint64_t sum, uint64_t partial, uint64_t offset);
/* Folds a partial sum to the 16-bit ones' complement sum (not complemented:
 * the checksum field is ~nm_csum_fold(sum)). */
uint16_t nm_csum_fold(uint64_t sum);

/* `sum` plus the checksum of `len` bytes at `data`, with the chosen variant. */
uint64_t nm_csum_partial(const void *data, size_t len, uint64_t sum);
/* Folded 16-bit ones' complement sum of one buffer. */
uint16_t nm_csum(const void *data, size_t len);

/* The reference the benchmark compares against: a plain C loop adding 32-bit
 * words into a 64-bit accumulator (exact below 16 GiB per call). */
uint64_t nm_csum_partial_plain(const void *data, size_t len, uint64_t sum);
/* Unrolled 64-bit add-with-carry loop. */
uint64_t nm_csum_partial_scalar(const void *data, size_t len, uint64_t sum);
uint64_t nm_csum_partial_sse2(const void *data, size_t len, uint64_t sum);
uint64_t nm_csum_partial_avx2(const void *data, size_t len, uint64_t sum);
/* The named variant; falls back to scalar when the CPU cannot run it. */
uint64_t nm_csum_partial_variant(nm_variant variant, const void *data, size_t len, uint64_t sum);

/* Streaming across chunks of any length and alignment. */
typedef struct nm_csum_stream {
    uint64_t sum;    /* partial sum so far */
    uint64_t offset; /* bytes summed so far: its parity places the next chunk */
} nm_csum_stream;

void nm_csum_stream_init(nm_csum_stream *stream);
void nm_csum_stream_update(nm_csum_stream *stream, const void *data, size_t len);
uint16_t nm_csum_stream_fold(const nm_csum_stream *stream);

/* ---- Fused copy + checksum, one pass (nm_copy_checksum.c) ---- */

/* Copies `len` bytes from `src` to `dst` (non-overlapping) and returns `sum`
 * plus the checksum of the copied bytes, with the chosen variant. */
uint64_t nm_copy_csum_partial(void *dst, const void *src, size_t len, uint64_t sum);
/* The same with non-temporal stores (streaming past the caches) for
 * destinations larger than the last-level cache; ends with sfence. */
uint64_t nm_copy_csum_partial_nt(void *dst, const void *src, size_t len, uint64_t sum);

uint64_t nm_copy_csum_partial_scalar(void *dst, const void *src, size_t len, uint64_t sum);
uint64_t nm_copy_csum_partial_sse2(void *dst, const void *src, size_t len, uint64_t sum);
uint64_t nm_copy_csum_partial_avx2(void *dst, const void *src, size_t len, uint64_t sum);
uint64_t nm_copy_csum_partial_nt_sse2(void *dst, const void *src, size_t len, uint64_t sum);
uint64_t nm_copy_csum_partial_nt_avx2(void *dst, const void *src, size_t len, uint64_t sum);
/* The named variant; `nontemporal` selects streaming stores (scalar ignores it). */
uint64_t nm_copy_csum_partial_variant(nm_variant variant, int nontemporal,
                                      void *dst, const void *src, size_t len, uint64_t sum);

/* ---- Non-temporal SIMD copy (nm_copy_nontemporal.c) ---- */

/* Copies with streaming stores (dst aligned by an unaligned head, then an
 * unaligned tail) and an sfence, with the chosen variant; short copies and the
 * scalar variant use memcpy. */
void nm_copy_nt(void *dst, const void *src, size_t len);
/* SIMD copy with ordinary (temporal) stores: for destinations that stay in cache. */
void nm_copy_temporal(void *dst, const void *src, size_t len);
/* Streaming stores when the destination working set (the region the caller
 * cycles through, at least `len`) reaches nm_copy_nt_threshold(), else temporal. */
void nm_copy_auto(void *dst, const void *src, size_t len, size_t working_set);
/* Half the last-level cache: above it a destination cannot stay cached. */
size_t nm_copy_nt_threshold(void);

void nm_copy_nt_sse2(void *dst, const void *src, size_t len);
void nm_copy_nt_avx2(void *dst, const void *src, size_t len);
void nm_copy_temporal_sse2(void *dst, const void *src, size_t len);
void nm_copy_temporal_avx2(void *dst, const void *src, size_t len);
/* The named variant (scalar: memcpy). */
void nm_copy_variant(nm_variant variant, int nontemporal, void *dst, const void *src, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* NETMATRIX_KERNELS_H */
