/* csum-copy: receive with a fused copy + Internet checksum pass (or the
 * two-pass form), and a wire role that completes NEEDS_CSUM checksums. */
#ifndef NETMATRIX_CSUM_COPY_PLUGIN_H
#define NETMATRIX_CSUM_COPY_PLUGIN_H

#include "netmatrix_plugin.h"
#include "nm_wire_pump.h" /* nm_plugin_fail */
#include "nm_kernels.h"

/* Plugin-internal: only the entry symbol is exported from the .so. */
#define CSUM_COPY_INTERNAL __attribute__((visibility("hidden")))

typedef enum csum_copy_stores {
    CSUM_COPY_STORES_AUTO,        /* streaming when the app buffer exceeds nm_copy_nt_threshold() */
    CSUM_COPY_STORES_TEMPORAL,
    CSUM_COPY_STORES_NONTEMPORAL,
} csum_copy_stores;

typedef struct csum_copy_options {
    int fused;                    /* fused=1 (default) or 0: copy, then a checksum pass */
    csum_copy_stores stores;      /* nt=auto|0|1 */
    nm_variant variant;           /* variant=avx2|sse2|scalar, default the CPU's best */
} csum_copy_options;

/* Parses ctx->options; on error writes the reason into ctx->error and returns EINVAL. */
CSUM_COPY_INTERNAL int csum_copy_parse_options(nm_context *ctx, csum_copy_options *options);

CSUM_COPY_INTERNAL int csum_copy_receive(nm_context *ctx);
CSUM_COPY_INTERNAL int csum_copy_wire(nm_context *ctx);


#endif
