/* csum-copy wire: move frames between the two TAPs through a second buffer;
 * a frame whose virtio_net_hdr asks for a checksum (NEEDS_CSUM) gets it
 * completed in the same pass that copies it, and leaves marked DATA_VALID. */
#define _GNU_SOURCE
#include "csum_copy_plugin.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* struct virtio_net_hdr from <linux/virtio_net.h>, in host byte order (the
 * order a TAP uses unless TUNSETVNETBE/LE say otherwise). */
typedef struct nm_virtio_net_hdr {
    uint8_t flags;        /* VIRTIO_NET_HDR_F_* */
    uint8_t gso_type;     /* VIRTIO_NET_HDR_GSO_* */
    uint16_t hdr_len;
    uint16_t gso_size;
    uint16_t csum_start;  /* where the checksummed region starts, from the frame's first byte */
    uint16_t csum_offset; /* where in that region the checksum field sits */
} nm_virtio_net_hdr;
_Static_assert(sizeof(nm_virtio_net_hdr) == 10, "struct virtio_net_hdr is 10 bytes");

enum {
    NM_VIRTIO_NET_HDR_F_NEEDS_CSUM = 1, /* VIRTIO_NET_HDR_F_NEEDS_CSUM */
    NM_VIRTIO_NET_HDR_F_DATA_VALID = 2, /* VIRTIO_NET_HDR_F_DATA_VALID */
    NM_VIRTIO_NET_HDR_GSO_NONE = 0,     /* VIRTIO_NET_HDR_GSO_NONE */
    /* 64 KiB GSO frames, an Ethernet and a VLAN header, and room for any vnet header. */
    FRAME_CAPACITY = 65536 + 512,
    BATCH = 64,
    POLL_MILLISECONDS = 100,
};

typedef struct wire_state {
    nm_context *ctx;
    csum_copy_options options;
    size_t header_size;
    uint8_t *in;
    uint8_t *out;
} wire_state;

/* Copies the frame (after the vnet header) from `in` to `out`, completing
 * its checksum if the header asks; returns 1 when it completed one. */
static int copy_frame(const wire_state *wire, nm_virtio_net_hdr *header, size_t length) {
    const uint8_t *source = wire->in + wire->header_size;
    uint8_t *destination = wire->out + wire->header_size;
    /* GSO frames keep CHECKSUM_PARTIAL: each segment gets its own checksum later. */
    int completes = header != NULL && (header->flags & NM_VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
                    header->gso_type == NM_VIRTIO_NET_HDR_GSO_NONE &&
                    (size_t)header->csum_start + header->csum_offset + 2 <= length;
    if (!completes) {
        memcpy(destination, source, length);
        return 0;
    }
    size_t start = header->csum_start;
    memcpy(destination, source, start);
    uint64_t sum;
    if (wire->options.fused) {
        sum = nm_copy_csum_partial_variant(wire->options.variant, 0, destination + start, source + start, length - start, 0);
    } else {
        memcpy(destination + start, source + start, length - start);
        sum = nm_csum_partial_variant(wire->options.variant, destination + start, length - start, 0);
    }
    /* The field holds the pseudo-header sum, so the region's sum is the whole
     * sum; a zero result goes out as 0xffff, as the kernel's skb_checksum_help does. */
    uint16_t checksum = (uint16_t)~nm_csum_fold(sum);
    if (checksum == 0) checksum = 0xffff;
    memcpy(destination + start + header->csum_offset, &checksum, 2);
    header->flags = (uint8_t)((header->flags & ~NM_VIRTIO_NET_HDR_F_NEEDS_CSUM) | NM_VIRTIO_NET_HDR_F_DATA_VALID);
    header->csum_start = 0;
    header->csum_offset = 0;
    return 1;
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
 * the peer closed (a socket standing in for a TAP), or an errno. */
static int forward(wire_state *wire, int from) {
    nm_context *ctx = wire->ctx;
    int to = 1 - from;
    for (int frames = 0; frames < BATCH; frames++) {
        ssize_t received = read(ctx->tap_fd[from], wire->in, FRAME_CAPACITY);
        if (received < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
            return csum_copy_fail(ctx, from == 0 ? "read tap 0" : "read tap 1", errno);
        }
        if (received == 0) return -1;
        if ((size_t)received < wire->header_size) continue; /* not a frame */
        size_t length = (size_t)received - wire->header_size;
        nm_virtio_net_hdr header;
        nm_virtio_net_hdr *vnet = NULL;
        if (wire->header_size >= sizeof header) {
            memcpy(&header, wire->in, sizeof header);
            vnet = &header;
        }
        ctx->counters.checksums_completed += (uint64_t)copy_frame(wire, vnet, length);
        memcpy(wire->out, wire->in, wire->header_size);
        if (vnet != NULL) memcpy(wire->out, vnet, sizeof header);
        int status = write_frame(ctx, ctx->tap_fd[to], wire->out, (size_t)received);
        if (status != 0) return csum_copy_fail(ctx, to == 0 ? "write tap 0" : "write tap 1", status);
        ctx->counters.bytes += length;
        ctx->counters.messages++;
        if (from == 0) ctx->counters.frames_a_to_b++;
        else ctx->counters.frames_b_to_a++;
    }
    return 0;
}

int csum_copy_wire(nm_context *ctx) {
    wire_state wire = {.ctx = ctx, .header_size = ctx->vnet_hdr_size > 0 ? (size_t)ctx->vnet_hdr_size : 0};
    int status = csum_copy_parse_options(ctx, &wire.options);
    if (status != 0) return status;
    snprintf(ctx->counters.variant, sizeof ctx->counters.variant, "%s-%s", nm_variant_name(wire.options.variant),
             wire.options.fused ? "fused" : "two-pass");
    /* Non-blocking, so a readable device is drained in batches between polls. */
    for (int side = 0; side < 2; side++) {
        int flags = fcntl(ctx->tap_fd[side], F_GETFL);
        if (flags < 0 || fcntl(ctx->tap_fd[side], F_SETFL, flags | O_NONBLOCK) < 0)
            return csum_copy_fail(ctx, side == 0 ? "fcntl tap 0" : "fcntl tap 1", errno);
    }
    wire.in = aligned_alloc(64, FRAME_CAPACITY + 64);
    wire.out = aligned_alloc(64, FRAME_CAPACITY + 64);
    if (wire.in == NULL || wire.out == NULL) {
        free(wire.in);
        free(wire.out);
        return csum_copy_fail(ctx, "frame buffers", ENOMEM);
    }
    struct pollfd devices[2] = {{.fd = ctx->tap_fd[0], .events = POLLIN}, {.fd = ctx->tap_fd[1], .events = POLLIN}};
    while (status == 0 && !ctx->host->should_stop(ctx)) {
        int ready = poll(devices, 2, POLL_MILLISECONDS);
        if (ready < 0) {
            if (errno != EINTR) status = csum_copy_fail(ctx, "poll", errno);
            continue;
        }
        for (int side = 0; side < 2 && status == 0; side++) {
            short events = devices[side].revents;
            if (events & POLLNVAL) {
                status = csum_copy_fail(ctx, side == 0 ? "poll tap 0" : "poll tap 1", EBADF);
            } else if (events & (POLLIN | POLLHUP | POLLERR)) {
                status = forward(&wire, side);
            }
        }
    }
    free(wire.in);
    free(wire.out);
    return status < 0 ? 0 : status; /* a closed peer ends the run */
}
