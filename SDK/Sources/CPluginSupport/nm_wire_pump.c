#define _GNU_SOURCE
#include "nm_wire_pump.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BATCH = 64, POLL_MILLISECONDS = 100 };

int nm_plugin_fail(nm_context *ctx, const char *operation, int code) {
    snprintf(ctx->error, sizeof ctx->error, "%s: %s", operation, strerror(code));
    return code;
}

/* Writes one frame, waiting while the destination is full; returns 0 or an errno. */
static int write_frame(nm_context *ctx, int fd, const uint8_t *frame, size_t length) {
    for (;;) {
        ssize_t written = write(fd, frame, length);
        if (written >= 0) return 0;
        if (errno == EINTR) continue;
        if (errno == ENOBUFS) return 0; /* the device dropped it, as a NIC would */
        if (errno != EAGAIN && errno != EWOULDBLOCK) return errno;
        if (ctx->host->should_stop(ctx)) return 0;
        struct pollfd writable = {.fd = fd, .events = POLLOUT};
        if (poll(&writable, 1, POLL_MILLISECONDS) < 0 && errno != EINTR) return errno;
    }
}

/* Moves up to BATCH frames from side `from` to the other; returns 0, -1 when
 * the peer closed, or an errno. */
static int forward(nm_context *ctx, nm_wire_copy_fn copy, void *state, int from, uint8_t *in, uint8_t *out) {
    int to = 1 - from;
    size_t header_size = ctx->vnet_hdr_size > 0 ? (size_t)ctx->vnet_hdr_size : 0;
    for (int frames = 0; frames < BATCH; frames++) {
        ssize_t received = read(ctx->tap_fd[from], in, NM_WIRE_FRAME_CAPACITY);
        if (received < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
            return nm_plugin_fail(ctx, from == 0 ? "read tap 0" : "read tap 1", errno);
        }
        if (received == 0) return -1;
        if ((size_t)received < header_size) continue; /* not a frame */
        int status = copy(ctx, state, out, in, (size_t)received);
        if (status != 0) return status;
        status = write_frame(ctx, ctx->tap_fd[to], out, (size_t)received);
        if (status != 0) return nm_plugin_fail(ctx, to == 0 ? "write tap 0" : "write tap 1", status);
        ctx->counters.bytes += (size_t)received - header_size;
        ctx->counters.messages++;
        if (from == 0) ctx->counters.frames_a_to_b++;
        else ctx->counters.frames_b_to_a++;
    }
    return 0;
}

int nm_wire_pump(nm_context *ctx, nm_wire_copy_fn copy, void *state) {
    /* Non-blocking, so a readable device is drained in batches between polls. */
    for (int side = 0; side < 2; side++) {
        int flags = fcntl(ctx->tap_fd[side], F_GETFL);
        if (flags < 0 || fcntl(ctx->tap_fd[side], F_SETFL, flags | O_NONBLOCK) < 0)
            return nm_plugin_fail(ctx, side == 0 ? "fcntl tap 0" : "fcntl tap 1", errno);
    }
    uint8_t *in = aligned_alloc(64, NM_WIRE_FRAME_CAPACITY + 64), *out = aligned_alloc(64, NM_WIRE_FRAME_CAPACITY + 64);
    if (in == NULL || out == NULL) {
        free(in);
        free(out);
        return nm_plugin_fail(ctx, "frame buffers", ENOMEM);
    }
    int status = 0;
    struct pollfd devices[2] = {{.fd = ctx->tap_fd[0], .events = POLLIN}, {.fd = ctx->tap_fd[1], .events = POLLIN}};
    while (status == 0 && !ctx->host->should_stop(ctx)) {
        int ready = poll(devices, 2, POLL_MILLISECONDS);
        if (ready < 0) {
            if (errno != EINTR) status = nm_plugin_fail(ctx, "poll", errno);
            continue;
        }
        for (int side = 0; side < 2 && status == 0; side++) {
            short events = devices[side].revents;
            if (events & POLLNVAL) status = nm_plugin_fail(ctx, side == 0 ? "poll tap 0" : "poll tap 1", EBADF);
            else if (events & (POLLIN | POLLHUP | POLLERR)) status = forward(ctx, copy, state, side, in, out);
        }
    }
    free(in);
    free(out);
    return status < 0 ? 0 : status; /* a closed peer ends the run */
}
