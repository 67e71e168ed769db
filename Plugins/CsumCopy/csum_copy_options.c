/* "key=value,key=value" options of csum-copy. */
#include "csum_copy_plugin.h"

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

int csum_copy_parse_options(nm_context *ctx, csum_copy_options *options) {
    *options = (csum_copy_options){1, CSUM_COPY_STORES_AUTO, nm_kernels_selected_variant()};
    const char *cursor = ctx->options != NULL ? ctx->options : "";
    while (*cursor != '\0') {
        size_t item_length = strcspn(cursor, ",");
        const char *equals = memchr(cursor, '=', item_length);
        size_t key_length = equals != NULL ? (size_t)(equals - cursor) : item_length;
        const char *value = equals != NULL ? equals + 1 : "";
        size_t value_length = equals != NULL ? item_length - key_length - 1 : 0;
        if (item_length == 0) {
            /* an empty item, as in "a=1,,b=2": nothing to set */
        } else if (value_is(cursor, key_length, "fused")) {
            if (value_is(value, value_length, "1")) options->fused = 1;
            else if (value_is(value, value_length, "0")) options->fused = 0;
            else return invalid(ctx, cursor, key_length, "expected fused=1 or fused=0");
        } else if (value_is(cursor, key_length, "nt")) {
            if (value_is(value, value_length, "auto")) options->stores = CSUM_COPY_STORES_AUTO;
            else if (value_is(value, value_length, "0")) options->stores = CSUM_COPY_STORES_TEMPORAL;
            else if (value_is(value, value_length, "1")) options->stores = CSUM_COPY_STORES_NONTEMPORAL;
            else return invalid(ctx, cursor, key_length, "expected nt=auto, nt=0 or nt=1");
        } else if (value_is(cursor, key_length, "variant")) {
            char name[16] = "";
            nm_variant variant;
            if (value_length < sizeof name) memcpy(name, value, value_length);
            if (value_length >= sizeof name || nm_variant_parse(name, &variant) != 0)
                return invalid(ctx, cursor, key_length, "expected variant=avx2, variant=sse2 or variant=scalar");
            if (!nm_variant_supported(variant)) return invalid(ctx, cursor, key_length, "this CPU cannot run that variant");
            options->variant = variant;
        } else {
            return invalid(ctx, cursor, key_length, "unknown (known: fused, nt, variant)");
        }
        cursor += item_length;
        if (*cursor == ',') cursor++;
    }
    return 0;
}
