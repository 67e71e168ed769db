/* "key=value,key=value" options of csum-copy. */
#include "csum_copy_plugin.h"
#include "nm_plugin_options.h"


int csum_copy_parse_options(nm_context *ctx, csum_copy_options *options) {
    *options = (csum_copy_options){1, CSUM_COPY_STORES_AUTO, nm_kernels_selected_variant()};
    const char *cursor = ctx->options;
    nm_option option;
    while (nm_option_next(&cursor, &option)) {
        if (nm_option_key_is(&option, "fused")) {
            if (nm_option_value_is(&option, "1")) options->fused = 1;
            else if (nm_option_value_is(&option, "0")) options->fused = 0;
            else return nm_option_invalid(ctx, &option, "expected fused=1 or fused=0");
        } else if (nm_option_key_is(&option, "nt")) {
            if (nm_option_value_is(&option, "auto")) options->stores = CSUM_COPY_STORES_AUTO;
            else if (nm_option_value_is(&option, "0")) options->stores = CSUM_COPY_STORES_TEMPORAL;
            else if (nm_option_value_is(&option, "1")) options->stores = CSUM_COPY_STORES_NONTEMPORAL;
            else return nm_option_invalid(ctx, &option, "expected nt=auto, nt=0 or nt=1");
        } else if (nm_option_key_is(&option, "variant")) {
            int refused = nm_option_variant(ctx, &option, &options->variant);
            if (refused != 0) return refused;
        } else {
            return nm_option_invalid(ctx, &option, "unknown (known: fused, nt, variant)");
        }
    }
    return 0;
}
