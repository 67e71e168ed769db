#include "nm_plugin_options.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int nm_option_next(const char **cursor, nm_option *option) {
    const char *at = *cursor != NULL ? *cursor : "";
    while (*at == ',') at++; /* empty items, as in "a=1,,b=2", set nothing */
    if (*at == '\0') {
        *cursor = at;
        return 0;
    }
    size_t length = strcspn(at, ",");
    const char *equals = memchr(at, '=', length);
    option->key = at;
    option->key_length = equals != NULL ? (size_t)(equals - at) : length;
    option->value = equals != NULL ? equals + 1 : "";
    option->value_length = equals != NULL ? length - option->key_length - 1 : 0;
    *cursor = at + length;
    return 1;
}

static int same(const char *text, size_t length, const char *word) {
    return strlen(word) == length && strncmp(text, word, length) == 0;
}

int nm_option_key_is(const nm_option *option, const char *word) {
    return same(option->key, option->key_length, word);
}

int nm_option_value_is(const nm_option *option, const char *word) {
    return same(option->value, option->value_length, word);
}

int nm_option_invalid(nm_context *ctx, const nm_option *option, const char *expected) {
    snprintf(ctx->error, sizeof ctx->error, "option '%.*s': %s", (int)option->key_length, option->key, expected);
    return EINVAL;
}

int nm_option_variant(nm_context *ctx, const nm_option *option, nm_variant *variant) {
    char name[16] = "";
    if (option->value_length < sizeof name) memcpy(name, option->value, option->value_length);
    if (option->value_length >= sizeof name || nm_variant_parse(name, variant) != 0)
        return nm_option_invalid(ctx, option, "expected variant=avx2, variant=sse2 or variant=scalar");
    if (!nm_variant_supported(*variant)) return nm_option_invalid(ctx, option, "this CPU cannot run that variant");
    return 0;
}
