/*
 * The wire role's moving parts for C plugins, written once (PluginKit's
 * WirePump is the Swift counterpart): a plugin supplies only how one frame is
 * copied from the buffer it was read into to the buffer that is written.
 */
#ifndef NETMATRIX_WIRE_PUMP_H
#define NETMATRIX_WIRE_PUMP_H

#include <stddef.h>
#include <stdint.h>

#include "netmatrix_plugin.h"

/* 64 KiB GSO frames, an Ethernet and a VLAN header, and room for any vnet header. */
enum { NM_WIRE_FRAME_CAPACITY = 65536 + 512 };

/* Copies one frame of `length` bytes (its vnet header included) from `in` to
 * `out`; returns 0, or an errno with ctx->error written. */
typedef int (*nm_wire_copy_fn)(nm_context *ctx, void *state, uint8_t *out, const uint8_t *in, size_t length);

/* Moves frames both ways between ctx->tap_fd[0] and ctx->tap_fd[1] until
 * should_stop: the TAPs are made non-blocking and drained in batches between
 * polls, each frame is copied with `copy` and written to the other side (a
 * frame the destination drops with ENOBUFS is dropped, as a NIC would), and
 * bytes, messages and frames per direction are counted. A read of 0 (a socket
 * standing in for a TAP closed) ends the run normally. Returns 0 or an errno. */
int nm_wire_pump(nm_context *ctx, nm_wire_copy_fn copy, void *state);

/* Writes "OPERATION: strerror(code)" into ctx->error and returns code. */
int nm_plugin_fail(nm_context *ctx, const char *operation, int code);

#endif
