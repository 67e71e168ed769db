/* sse-copy receive: recv into a hot staging buffer, then a SIMD copy with
 * non-temporal stores into the application buffer, and deliver. */
#define _GNU_SOURCE
#include "sse_copy_plugin.h"
#include "nm_receive_sizes.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

enum { STAGING_MAX = 64 * 1024, UDP_POLL_MILLISECONDS = 100 };

int sse_copy_receive(nm_context *ctx) {
    sse_copy_options options;
    int status = sse_copy_parse_options(ctx, &options);
    if (status != 0) return status;

    const int udp = ctx->protocol == NM_PROTOCOL_UDP;
    size_t message_size, staging_size;
    status = nm_receive_sizes(ctx, STAGING_MAX, &message_size, &staging_size);
    if (status != 0) return status;
    const int streaming = sse_copy_streams(&options, ctx->app_buffer_size);
    sse_copy_name_variant(ctx, &options, streaming);

    uint8_t *staging = aligned_alloc(64, (staging_size + 63) & ~(size_t)63);
    if (staging == NULL) return nm_plugin_fail(ctx, "staging buffer", ENOMEM);
    size_t cursor = 0; /* where the next piece lands in the app buffer */
    status = 0;
    while (!ctx->host->should_stop(ctx)) {
        if (udp) {
            struct pollfd waiting = {.fd = ctx->socket_fd, .events = POLLIN};
            int ready = poll(&waiting, 1, UDP_POLL_MILLISECONDS);
            if (ready < 0 && errno != EINTR) {
                status = nm_plugin_fail(ctx, "poll", errno);
                break;
            }
            if (ready <= 0) continue;
        }
        ssize_t received = recv(ctx->socket_fd, staging, staging_size, 0);
        if (received < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
            status = nm_plugin_fail(ctx, "recv", errno);
            break;
        }
        if (received == 0) break;
        size_t length = (size_t)received;
        if (cursor + length > ctx->app_buffer_size) cursor = 0;
        uint8_t *destination = ctx->app_buffer + cursor;
        nm_copy_variant(options.variant, streaming, destination, staging, length);
        ctx->counters.bytes_copied += length;
        cursor += length;
        if (ctx->host->deliver(ctx, destination, length) != 0) break;
    }
    free(staging);
    return status;
}
