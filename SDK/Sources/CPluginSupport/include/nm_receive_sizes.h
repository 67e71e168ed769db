/* The receive role's buffer sizes for C plugins that stage what they receive. */
#ifndef NETMATRIX_RECEIVE_SIZES_H
#define NETMATRIX_RECEIVE_SIZES_H

#include <stddef.h>

#include "netmatrix_plugin.h"

/* The message size (the context's, or `staging_max` when it gives none) must
 * fit the app buffer; a datagram is staged whole, a stream in pieces of at most
 * `staging_max`. Returns 0, or EINVAL with ctx->error written. */
int nm_receive_sizes(nm_context *ctx, size_t staging_max, size_t *message_size, size_t *staging_size);

#endif
