/* sse-copy wire: move frames between the two TAPs, each copied (virtio_net_hdr
 * and all, unchanged) into a second buffer with the SIMD copy before it is written. */
#include "sse_copy_plugin.h"
#include "nm_wire_pump.h"

typedef struct wire_state {
    sse_copy_options options;
    int streaming;
} wire_state;

static int copy_frame(nm_context *ctx, void *state, uint8_t *out, const uint8_t *in, size_t length) {
    (void)ctx;
    const wire_state *wire = state;
    nm_copy_variant(wire->options.variant, wire->streaming, out, in, length);
    return 0;
}

int sse_copy_wire(nm_context *ctx) {
    wire_state wire;
    int status = sse_copy_parse_options(ctx, &wire.options);
    if (status != 0) return status;
    /* A frame buffer is reused at once: auto never streams it. */
    wire.streaming = sse_copy_streams(&wire.options, NM_WIRE_FRAME_CAPACITY);
    sse_copy_name_variant(ctx, &wire.options, wire.streaming);
    return nm_wire_pump(ctx, copy_frame, &wire);
}
