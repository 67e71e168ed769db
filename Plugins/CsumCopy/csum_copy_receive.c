/* csum-copy receive: recv into a hot staging buffer, then one fused
 * copy+checksum pass into the application buffer (fused=0: copy, then a
 * checksum pass over each complete message, as an application verifying its
 * messages does). Each message's checksum is checked against the pattern's. */
#define _GNU_SOURCE
#include "csum_copy_plugin.h"
#include "nm_receive_sizes.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

enum { STAGING_MAX = 64 * 1024, UDP_POLL_MILLISECONDS = 100 };

/* Checksums of the pattern the host sends, to check each message against. */
typedef struct expected_checksums {
    const nm_context *ctx;
    uint16_t *per_message; /* TCP, when messages tile the pattern: one per message position */
    size_t count;
    uint16_t whole_datagram; /* UDP: payload[0 ..< message_size] */
} expected_checksums;

/* Checksum of stream bytes [offset, offset + len) of the repeating pattern. */
static uint16_t pattern_checksum(const nm_context *ctx, uint64_t offset, uint64_t len) {
    nm_csum_stream stream;
    nm_csum_stream_init(&stream);
    while (len > 0) {
        uint64_t start = offset % ctx->payload_size;
        uint64_t slice = ctx->payload_size - start < len ? ctx->payload_size - start : len;
        nm_csum_stream_update(&stream, ctx->payload + start, (size_t)slice);
        offset += slice;
        len -= slice;
    }
    return nm_csum_stream_fold(&stream);
}

static void expected_init(expected_checksums *expected, const nm_context *ctx, size_t message_size) {
    *expected = (expected_checksums){.ctx = ctx};
    if (ctx->payload == NULL || ctx->payload_size == 0) return;
    if (ctx->protocol == NM_PROTOCOL_UDP) {
        expected->whole_datagram = pattern_checksum(ctx, 0, message_size < ctx->payload_size ? message_size : ctx->payload_size);
        return;
    }
    if (ctx->payload_size % message_size != 0) return;
    size_t count = (size_t)(ctx->payload_size / message_size);
    expected->per_message = malloc(count * sizeof(uint16_t));
    if (expected->per_message == NULL) return; /* computed per message instead */
    for (size_t i = 0; i < count; i++) expected->per_message[i] = nm_csum(ctx->payload + i * message_size, message_size);
    expected->count = count;
}

/* The checksum a message of `len` bytes at stream `offset` must have. */
static uint16_t expected_for(const expected_checksums *expected, uint64_t offset, size_t len, size_t message_size) {
    const nm_context *ctx = expected->ctx;
    if (ctx->protocol == NM_PROTOCOL_UDP)
        return len == message_size && len <= ctx->payload_size ? expected->whole_datagram : pattern_checksum(ctx, 0, len);
    if (expected->per_message != NULL && len == message_size)
        return expected->per_message[(offset % ctx->payload_size) / message_size];
    return pattern_checksum(ctx, offset, len);
}

/* Returns 0, or EBADMSG with the reason in ctx->error. */
static int check_message(nm_context *ctx, const expected_checksums *expected, uint64_t offset, size_t len,
                         size_t message_size, uint64_t sum) {
    if (ctx->payload == NULL || ctx->payload_size == 0) return 0;
    uint16_t got = nm_csum_fold(sum), want = expected_for(expected, offset, len, message_size);
    if (got == want) return 0;
    snprintf(ctx->error, sizeof ctx->error,
             "checksum: message at stream offset %llu (%zu bytes) sums to 0x%04x, the pattern to 0x%04x",
             (unsigned long long)offset, len, got, want);
    return EBADMSG;
}

/* Waits up to a poll period for data (UDP); returns 1 ready, 0 not yet, -errno. */
static int wait_readable(int fd) {
    struct pollfd waiting = {.fd = fd, .events = POLLIN};
    int ready = poll(&waiting, 1, UDP_POLL_MILLISECONDS);
    if (ready < 0) return errno == EINTR ? 0 : -errno;
    return ready > 0;
}

int csum_copy_receive(nm_context *ctx) {
    csum_copy_options options;
    int status = csum_copy_parse_options(ctx, &options);
    if (status != 0) return status;

    const int udp = ctx->protocol == NM_PROTOCOL_UDP;
    size_t message_size, staging_size;
    status = nm_receive_sizes(ctx, STAGING_MAX, &message_size, &staging_size);
    if (status != 0) return status;
    const size_t slots = (size_t)(ctx->app_buffer_size / message_size);
    const int nontemporal = options.stores == CSUM_COPY_STORES_NONTEMPORAL ||
                            (options.stores == CSUM_COPY_STORES_AUTO && ctx->app_buffer_size >= nm_copy_nt_threshold());
    snprintf(ctx->counters.variant, sizeof ctx->counters.variant, "%s-%s%s", nm_variant_name(options.variant),
             options.fused ? "fused" : "two-pass", nontemporal ? "-nt" : "");

    uint8_t *staging = aligned_alloc(64, (staging_size + 63) & ~(size_t)63);
    if (staging == NULL) return nm_plugin_fail(ctx, "staging buffer", ENOMEM);
    expected_checksums expected;
    expected_init(&expected, ctx, message_size);

    uint64_t message_offset = 0; /* stream offset of the current message */
    size_t filled = 0, slot = 0;
    uint64_t sum = 0;
    status = 0;
    while (!ctx->host->should_stop(ctx)) {
        if (udp) {
            int ready = wait_readable(ctx->socket_fd);
            if (ready < 0) {
                status = nm_plugin_fail(ctx, "poll", -ready);
                break;
            }
            if (ready == 0) continue;
        }
        size_t want = udp ? staging_size : (message_size - filled < staging_size ? message_size - filled : staging_size);
        ssize_t received = recv(ctx->socket_fd, staging, want, 0);
        if (received < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
            status = nm_plugin_fail(ctx, "recv", errno);
            break;
        }
        if (received == 0) break;
        size_t length = (size_t)received;
        uint8_t *message = ctx->app_buffer + slot * message_size;
        uint8_t *destination = message + filled;
        if (options.fused) {
            uint64_t partial = nm_copy_csum_partial_variant(options.variant, nontemporal, destination, staging, length, 0);
            sum = nm_csum_combine(sum, partial, filled);
        } else if (nontemporal) {
            nm_copy_variant(options.variant, 1, destination, staging, length);
        } else {
            memcpy(destination, staging, length);
        }
        ctx->counters.bytes_copied += length;
        filled += length;
        if (udp || filled == message_size) {
            if (!options.fused) sum = nm_csum_partial_variant(options.variant, message, filled, 0);
            status = check_message(ctx, &expected, message_offset, filled, message_size, sum);
            if (status != 0) break;
            ctx->counters.messages++;
            message_offset += filled;
            filled = 0;
            sum = 0;
            slot = (slot + 1) % slots;
        }
        if (ctx->host->deliver(ctx, destination, length) != 0) {
            filled = 0; /* the host stopped us: a partial message is not checked */
            break;
        }
    }
    /* The stream ended inside a message: check the part that arrived. */
    if (status == 0 && filled > 0 && !udp) {
        uint8_t *message = ctx->app_buffer + slot * message_size;
        if (!options.fused) sum = nm_csum_partial_variant(options.variant, message, filled, 0);
        status = check_message(ctx, &expected, message_offset, filled, message_size, sum);
        if (status == 0) ctx->counters.messages++;
    }
    free(expected.per_message);
    free(staging);
    return status;
}
