/* sse-copy: receive through a staging buffer with a SIMD non-temporal copy
 * into the application buffer, and a wire role that copies frames the same way. */
#ifndef NETMATRIX_SSE_COPY_PLUGIN_H
#define NETMATRIX_SSE_COPY_PLUGIN_H

#include "netmatrix_plugin.h"
#include "nm_wire_pump.h" /* nm_plugin_fail */
#include "nm_kernels.h"

/* Plugin-internal: only the entry symbol is exported from the .so. */
#define SSE_COPY_INTERNAL __attribute__((visibility("hidden")))

typedef enum sse_copy_stores {
    SSE_COPY_STORES_NONTEMPORAL, /* nt=1, the default */
    SSE_COPY_STORES_TEMPORAL,    /* nt=0 */
    SSE_COPY_STORES_AUTO,        /* nt=auto: streaming when the destination exceeds nm_copy_nt_threshold() */
} sse_copy_stores;

typedef struct sse_copy_options {
    sse_copy_stores stores;
    nm_variant variant;          /* variant=avx2|sse2|scalar, default the CPU's best */
} sse_copy_options;

/* Parses ctx->options; on error writes the reason into ctx->error and returns EINVAL. */
SSE_COPY_INTERNAL int sse_copy_parse_options(nm_context *ctx, sse_copy_options *options);
/* Whether copies into a destination region of `working_set` bytes stream. */
SSE_COPY_INTERNAL int sse_copy_streams(const sse_copy_options *options, uint64_t working_set);
/* Records the code path in ctx->counters.variant: "avx2", "sse2", "scalar", "-temporal" appended without NT stores. */
SSE_COPY_INTERNAL void sse_copy_name_variant(nm_context *ctx, const sse_copy_options *options, int streaming);

SSE_COPY_INTERNAL int sse_copy_receive(nm_context *ctx);
SSE_COPY_INTERNAL int sse_copy_wire(nm_context *ctx);


#endif
