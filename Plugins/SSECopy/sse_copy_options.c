/* "key=value,key=value" options of sse-copy, and what they select. */
#include "sse_copy_plugin.h"
#include "nm_plugin_options.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int sse_copy_parse_options(nm_context *ctx, sse_copy_options *options) {
    /* Streaming stores only pay when the destination would not stay in cache:
     * at 64 KiB forced streaming runs at 0.47x memcpy, past the LLC at 1.03x. */
    *options = (sse_copy_options){SSE_COPY_STORES_AUTO, nm_kernels_selected_variant()};
    const char *cursor = ctx->options;
    nm_option option;
    while (nm_option_next(&cursor, &option)) {
        if (nm_option_key_is(&option, "nt")) {
            if (nm_option_value_is(&option, "1")) options->stores = SSE_COPY_STORES_NONTEMPORAL;
            else if (nm_option_value_is(&option, "0")) options->stores = SSE_COPY_STORES_TEMPORAL;
            else if (nm_option_value_is(&option, "auto")) options->stores = SSE_COPY_STORES_AUTO;
            else return nm_option_invalid(ctx, &option, "expected nt=1, nt=0 or nt=auto");
        } else if (nm_option_key_is(&option, "variant")) {
            int refused = nm_option_variant(ctx, &option, &options->variant);
            if (refused != 0) return refused;
        } else {
            return nm_option_invalid(ctx, &option, "unknown (known: nt, variant)");
        }
    }
    return 0;
}

int sse_copy_streams(const sse_copy_options *options, uint64_t working_set) {
    switch (options->stores) {
    case SSE_COPY_STORES_NONTEMPORAL: return 1;
    case SSE_COPY_STORES_TEMPORAL: return 0;
    default: return working_set >= nm_copy_nt_threshold();
    }
}

void sse_copy_name_variant(nm_context *ctx, const sse_copy_options *options, int streaming) {
    /* The scalar variant is memcpy whatever the store choice. */
    int temporal = !streaming && options->variant != NM_VARIANT_SCALAR;
    snprintf(ctx->counters.variant, sizeof ctx->counters.variant, "%s%s", nm_variant_name(options->variant),
             temporal ? "-temporal" : "");
}
