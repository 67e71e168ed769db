/* "key=value,key=value" options of sse-copy, and what they select. */
#include "sse_copy_plugin.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int invalid(nm_context *ctx, const char *key, size_t key_length, const char *expected) {
    snprintf(ctx->error, sizeof ctx->error, "option '%.*s': %s", (int)key_length, key, expected);
    return EINVAL;
}

static int value_is(const char *value, size_t length, const char *word) {
    return strlen(word) == length && strncmp(value, word, length) == 0;
}

int sse_copy_parse_options(nm_context *ctx, sse_copy_options *options) {
    /* Streaming stores only pay when the destination would not stay in cache:
     * at 64 KiB forced streaming runs at 0.47x memcpy, past the LLC at 1.03x. */
    *options = (sse_copy_options){SSE_COPY_STORES_AUTO, nm_kernels_selected_variant()};
    const char *cursor = ctx->options != NULL ? ctx->options : "";
    while (*cursor != '\0') {
        size_t item_length = strcspn(cursor, ",");
        const char *equals = memchr(cursor, '=', item_length);
        size_t key_length = equals != NULL ? (size_t)(equals - cursor) : item_length;
        const char *value = equals != NULL ? equals + 1 : "";
        size_t value_length = equals != NULL ? item_length - key_length - 1 : 0;
        if (item_length == 0) {
            /* an empty item, as in "a=1,,b=2": nothing to set */
        } else if (value_is(cursor, key_length, "nt")) {
            if (value_is(value, value_length, "1")) options->stores = SSE_COPY_STORES_NONTEMPORAL;
            else if (value_is(value, value_length, "0")) options->stores = SSE_COPY_STORES_TEMPORAL;
            else if (value_is(value, value_length, "auto")) options->stores = SSE_COPY_STORES_AUTO;
            else return invalid(ctx, cursor, key_length, "expected nt=1, nt=0 or nt=auto");
        } else if (value_is(cursor, key_length, "variant")) {
            char name[16] = "";
            nm_variant variant;
            if (value_length < sizeof name) memcpy(name, value, value_length);
            if (value_length >= sizeof name || nm_variant_parse(name, &variant) != 0)
                return invalid(ctx, cursor, key_length, "expected variant=avx2, variant=sse2 or variant=scalar");
            if (!nm_variant_supported(variant)) return invalid(ctx, cursor, key_length, "this CPU cannot run that variant");
            options->variant = variant;
        } else {
            return invalid(ctx, cursor, key_length, "unknown (known: nt, variant)");
        }
        cursor += item_length;
        if (*cursor == ',') cursor++;
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
