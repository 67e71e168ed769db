#include "nm_receive_sizes.h"

#include <errno.h>
#include <stdio.h>

int nm_receive_sizes(nm_context *ctx, size_t staging_max, size_t *message_size, size_t *staging_size) {
    size_t message = ctx->message_size > 0 ? (size_t)ctx->message_size : staging_max;
    if (ctx->app_buffer == NULL || message > ctx->app_buffer_size) {
        snprintf(ctx->error, sizeof ctx->error, "receive: message_size %zu does not fit the %llu-byte app buffer",
                 message, (unsigned long long)ctx->app_buffer_size);
        return EINVAL;
    }
    /* A datagram must fit whole; a stream is staged in cache-sized pieces. */
    *message_size = message;
    *staging_size = ctx->protocol == NM_PROTOCOL_UDP || message < staging_max ? message : staging_max;
    return 0;
}
