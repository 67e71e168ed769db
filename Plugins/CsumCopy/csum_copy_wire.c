/* csum-copy wire: move frames between the two TAPs through a second buffer;
 * a frame whose virtio_net_hdr asks for a checksum (NEEDS_CSUM) gets it
 * completed in the same pass that copies it, and leaves marked DATA_VALID. */
#include "csum_copy_plugin.h"
#include "nm_wire_pump.h"

#include <stdio.h>
#include <string.h>

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
};

typedef struct wire_state {
    csum_copy_options options;
    size_t header_size;
} wire_state;

/* Copies the frame (after the vnet header) from `in` to `out`, completing
 * its checksum if the header asks; returns 1 when it completed one. */
static int copy_payload(const wire_state *wire, nm_virtio_net_hdr *header, uint8_t *out, const uint8_t *in, size_t length) {
    const uint8_t *source = in + wire->header_size;
    uint8_t *destination = out + wire->header_size;
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

/* One frame through the pump: the payload copied (and its checksum completed
 * when asked), then the vnet header, updated when a checksum was completed. */
static int copy_frame(nm_context *ctx, void *state, uint8_t *out, const uint8_t *in, size_t received) {
    const wire_state *wire = state;
    size_t length = received - wire->header_size;
    nm_virtio_net_hdr header;
    nm_virtio_net_hdr *vnet = NULL;
    if (wire->header_size >= sizeof header) {
        memcpy(&header, in, sizeof header);
        vnet = &header;
    }
    ctx->counters.checksums_completed += (uint64_t)copy_payload(wire, vnet, out, in, length);
    memcpy(out, in, wire->header_size);
    if (vnet != NULL) memcpy(out, vnet, sizeof header);
    return 0;
}

int csum_copy_wire(nm_context *ctx) {
    wire_state wire = {.header_size = ctx->vnet_hdr_size > 0 ? (size_t)ctx->vnet_hdr_size : 0};
    int status = csum_copy_parse_options(ctx, &wire.options);
    if (status != 0) return status;
    snprintf(ctx->counters.variant, sizeof ctx->counters.variant, "%s-%s", nm_variant_name(wire.options.variant),
             wire.options.fused ? "fused" : "two-pass");
    return nm_wire_pump(ctx, copy_frame, &wire);
}
