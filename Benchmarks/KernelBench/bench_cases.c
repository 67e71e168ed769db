/* The comparisons: (a) the csum-copy receive path, fused vs two passes;
 * (b) the checksum kernel vs the plain loop and vs memcpy; (c) the
 * non-temporal copy vs glibc memcpy. */
#include "bench_cases.h"

#include "nm_kernels.h"

#include <stdlib.h>
#include <string.h>

static uint8_t *allocate(size_t size) {
    uint8_t *buffer = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);
    if (buffer == NULL) return NULL;
    /* Touch every page now so no timed run pays first-touch faults; a
     * non-uniform pattern keeps the checksum honest. */
    for (size_t i = 0; i < size; i++) buffer[i] = (uint8_t)(i * 131 + (i >> 12));
    return buffer;
}

/* ---- (a) receive path: staging buffer -> application buffer ---- */

typedef struct receive_state {
    const uint8_t *socket_data; /* hot: what the simulated recv copies from */
    uint8_t *staging;           /* hot 64 KiB staging buffer */
    uint8_t *app;               /* the application buffer, one message */
    size_t message_size;
} receive_state;

/* Stands in for recv(2): the kernel copies socket data into the staging buffer. */
static inline void simulated_recv(const receive_state *state, size_t len) {
    memcpy(state->staging, state->socket_data, len);
}

static inline size_t chunk_at(const receive_state *state, size_t offset) {
    size_t rest = state->message_size - offset;
    return rest < BENCH_CHUNK ? rest : BENCH_CHUNK;
}

static uint64_t receive_fused(void *opaque) {
    receive_state *state = opaque;
    uint64_t sum = 0;
    for (size_t offset = 0; offset < state->message_size; offset += BENCH_CHUNK) {
        size_t len = chunk_at(state, offset);
        simulated_recv(state, len);
        sum = nm_csum_combine(sum, nm_copy_csum_partial(state->app + offset, state->staging, len, 0), offset);
    }
    return nm_csum_fold(sum);
}

static uint64_t receive_fused_nontemporal(void *opaque) {
    receive_state *state = opaque;
    uint64_t sum = 0;
    for (size_t offset = 0; offset < state->message_size; offset += BENCH_CHUNK) {
        size_t len = chunk_at(state, offset);
        simulated_recv(state, len);
        sum = nm_csum_combine(sum, nm_copy_csum_partial_nt(state->app + offset, state->staging, len, 0), offset);
    }
    return nm_csum_fold(sum);
}

/* The application verifies each message once it is complete: the checksum
 * pass reads the whole message back from memory. */
static uint64_t receive_two_pass_after_message(void *opaque) {
    receive_state *state = opaque;
    for (size_t offset = 0; offset < state->message_size; offset += BENCH_CHUNK) {
        size_t len = chunk_at(state, offset);
        simulated_recv(state, len);
        memcpy(state->app + offset, state->staging, len);
    }
    return nm_csum(state->app, state->message_size);
}

/* Checksums each 64 KiB chunk right after copying it, while it is in cache. */
static uint64_t receive_two_pass_per_chunk(void *opaque) {
    receive_state *state = opaque;
    uint64_t sum = 0;
    for (size_t offset = 0; offset < state->message_size; offset += BENCH_CHUNK) {
        size_t len = chunk_at(state, offset);
        simulated_recv(state, len);
        memcpy(state->app + offset, state->staging, len);
        sum = nm_csum_combine(sum, nm_csum_partial(state->app + offset, len, 0), offset);
    }
    return nm_csum_fold(sum);
}

/* ---- (b) checksum of one buffer in cache ---- */

typedef struct cached_state {
    const uint8_t *source;
    uint8_t *destination;
    size_t len;
    int iterations;
    nm_variant variant;
} cached_state;

static uint64_t checksum_dispatched(void *opaque) {
    cached_state *state = opaque;
    uint64_t total = 0;
    for (int i = 0; i < state->iterations; i++) total += nm_csum_partial(state->source, state->len, 0);
    return total;
}

static uint64_t checksum_named_variant(void *opaque) {
    cached_state *state = opaque;
    uint64_t total = 0;
    for (int i = 0; i < state->iterations; i++)
        total += nm_csum_partial_variant(state->variant, state->source, state->len, 0);
    return total;
}

static uint64_t checksum_plain(void *opaque) {
    cached_state *state = opaque;
    uint64_t total = 0;
    for (int i = 0; i < state->iterations; i++) total += nm_csum_partial_plain(state->source, state->len, 0);
    return total;
}

static uint64_t copy_memcpy(void *opaque) {
    cached_state *state = opaque;
    for (int i = 0; i < state->iterations; i++) memcpy(state->destination, state->source, state->len);
    return state->destination[state->len - 1];
}

/* ---- (c) non-temporal copy ---- */

static uint64_t copy_nontemporal(void *opaque) {
    cached_state *state = opaque;
    for (int i = 0; i < state->iterations; i++) nm_copy_nt(state->destination, state->source, state->len);
    return state->destination[state->len - 1];
}

/* What sse-copy does with nt=auto: streaming stores only for a destination
 * working set beyond nm_copy_nt_threshold(). */
static uint64_t copy_auto(void *opaque) {
    cached_state *state = opaque;
    for (int i = 0; i < state->iterations; i++) nm_copy_auto(state->destination, state->source, state->len, state->len);
    return state->destination[state->len - 1];
}

static uint64_t receive_copy_nontemporal(void *opaque) {
    receive_state *state = opaque;
    for (size_t offset = 0; offset < state->message_size; offset += BENCH_CHUNK) {
        size_t len = chunk_at(state, offset);
        simulated_recv(state, len);
        nm_copy_nt(state->app + offset, state->staging, len);
    }
    return state->app[state->message_size - 1];
}

static uint64_t receive_copy_temporal(void *opaque) {
    receive_state *state = opaque;
    for (size_t offset = 0; offset < state->message_size; offset += BENCH_CHUNK) {
        size_t len = chunk_at(state, offset);
        simulated_recv(state, len);
        nm_copy_temporal(state->app + offset, state->staging, len);
    }
    return state->app[state->message_size - 1];
}

static uint64_t receive_copy_memcpy(void *opaque) {
    receive_state *state = opaque;
    for (size_t offset = 0; offset < state->message_size; offset += BENCH_CHUNK) {
        size_t len = chunk_at(state, offset);
        simulated_recv(state, len);
        memcpy(state->app + offset, state->staging, len);
    }
    return state->app[state->message_size - 1];
}

int bench_build_pairs(bench_pair **pairs, size_t large, int in_cache_iterations) {
    static receive_state receive;
    static cached_state cached, cached_variants[3], large_copy;
    static bench_pair table[16];
    static const char *variant_titles[3] = {
        "checksum 64 KiB in cache: scalar (adc chain) vs plain 32-bit loop",
        "checksum 64 KiB in cache: sse2 vs plain 32-bit loop",
        "checksum 64 KiB in cache: avx2 vs plain 32-bit loop",
    };

    uint8_t *socket_data = allocate(BENCH_CHUNK), *staging = allocate(BENCH_CHUNK);
    uint8_t *app = allocate(large), *large_source = allocate(large);
    uint8_t *small_source = allocate(BENCH_CHUNK), *small_destination = allocate(BENCH_CHUNK);
    if (!socket_data || !staging || !app || !large_source || !small_source || !small_destination) return -1;

    receive = (receive_state){socket_data, staging, app, large};
    cached = (cached_state){small_source, small_destination, BENCH_CHUNK, in_cache_iterations, NM_VARIANT_SCALAR};
    large_copy = (cached_state){large_source, app, large, 1, NM_VARIANT_SCALAR};

    int count = 0;
    const uint64_t message = large, in_cache = (uint64_t)BENCH_CHUNK * (uint64_t)in_cache_iterations;
    table[count++] = (bench_pair){"a1", "receive, message > LLC: fused copy+csum vs copy then csum of the whole message",
        {"fused", receive_fused, &receive}, {"two-pass (after message)", receive_two_pass_after_message, &receive},
        message, 1.4};
    table[count++] = (bench_pair){"a2", "receive, message > LLC: fused copy+csum with NT stores (csum-copy nt=auto above the NT threshold) vs copy then csum of the whole message",
        {"fused-nt", receive_fused_nontemporal, &receive}, {"two-pass (after message)", receive_two_pass_after_message, &receive},
        message, 1.4};
    table[count++] = (bench_pair){"a3", "receive, message > LLC: fused copy+csum vs copy then csum of each 64 KiB chunk in cache",
        {"fused", receive_fused, &receive}, {"two-pass (per chunk)", receive_two_pass_per_chunk, &receive},
        message, 0};
    table[count++] = (bench_pair){"b1", "checksum 64 KiB in cache: dispatched variant vs plain 32-bit loop",
        {"nm_csum_partial", checksum_dispatched, &cached}, {"plain loop", checksum_plain, &cached}, in_cache, 1.5};
    table[count++] = (bench_pair){"b2", "checksum 64 KiB in cache: dispatched variant vs memcpy of the same buffer",
        {"nm_csum_partial", checksum_dispatched, &cached}, {"memcpy", copy_memcpy, &cached}, in_cache, 1.0};
    for (int v = NM_VARIANT_SCALAR; v <= NM_VARIANT_AVX2; v++) {
        if (!nm_variant_supported((nm_variant)v)) continue;
        cached_variants[v] = cached;
        cached_variants[v].variant = (nm_variant)v;
        table[count++] = (bench_pair){v == 0 ? "b3" : v == 1 ? "b4" : "b5", variant_titles[v],
            {nm_variant_name((nm_variant)v), checksum_named_variant, &cached_variants[v]},
            {"plain loop", checksum_plain, &cached}, in_cache, 0};
    }
    table[count++] = (bench_pair){"c1", "copy, buffers > LLC (one call): NT copy vs glibc memcpy",
        {"nm_copy_nt", copy_nontemporal, &large_copy}, {"memcpy", copy_memcpy, &large_copy}, large, 1.0};
    table[count++] = (bench_pair){"c2", "copy 64 KiB in cache: nm_copy_auto (sse-copy nt=auto: temporal here) vs glibc memcpy",
        {"nm_copy_auto", copy_auto, &cached}, {"memcpy", copy_memcpy, &cached}, in_cache, 0.9};
    table[count++] = (bench_pair){"c3", "copy 64 KiB in cache: NT copy (forced streaming) vs glibc memcpy",
        {"nm_copy_nt", copy_nontemporal, &cached}, {"memcpy", copy_memcpy, &cached}, in_cache, 0.9};
    table[count++] = (bench_pair){"c4", "receive, app buffer > LLC: 64 KiB chunks NT-copied vs memcpy'd into it",
        {"nm_copy_nt", receive_copy_nontemporal, &receive}, {"memcpy", receive_copy_memcpy, &receive}, message, 0};
    table[count++] = (bench_pair){"c5", "receive, app buffer > LLC: 64 KiB chunks copied with ordinary SIMD stores vs memcpy'd into it",
        {"nm_copy_temporal", receive_copy_temporal, &receive}, {"memcpy", receive_copy_memcpy, &receive}, message, 0};
    *pairs = table;
    return count;
}
