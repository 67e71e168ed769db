/*
 * Reading a plugin's "key=value,key=value" options in C, the one way the C
 * plugins do it (PluginKit's PluginOptions is the Swift counterpart). A plugin
 * written against the ABI header alone does not need this.
 */
#ifndef NETMATRIX_PLUGIN_OPTIONS_H
#define NETMATRIX_PLUGIN_OPTIONS_H

#include <stddef.h>

#include "netmatrix_plugin.h"
#include "nm_kernels.h"

/* One item of the list; key and value point into the options string. */
typedef struct nm_option {
    const char *key;
    size_t key_length;
    const char *value; /* "" when the item has no '=' */
    size_t value_length;
} nm_option;

/* Reads the next non-empty item at *cursor and moves past it: 1 when one was
 * read, 0 at the end. Start with `const char *cursor = ctx->options;` (NULL reads as ""). */
int nm_option_next(const char **cursor, nm_option *option);

/* Whether the item's key, or its value, is exactly `word`. */
int nm_option_key_is(const nm_option *option, const char *word);
int nm_option_value_is(const nm_option *option, const char *word);

/* Writes "option 'KEY': EXPECTED" into ctx->error and returns EINVAL. */
int nm_option_invalid(nm_context *ctx, const nm_option *option, const char *expected);

/* variant=avx2|sse2|scalar into *variant, refused when this CPU cannot run it:
 * 0, or EINVAL with ctx->error written. */
int nm_option_variant(nm_context *ctx, const nm_option *option, nm_variant *variant);

#endif
