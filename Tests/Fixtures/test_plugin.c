/*
 * A small plugin for the host's tests, built at test time with
 *     cc -shared -fPIC -I SDK/Sources/NetmatrixABI/include test_plugin.c -o libnetmatrix-plugin-NAME.so
 * Plain send/recv (and a plain wire loop) by default; -D switches turn it into
 * a broken plugin for one loader refusal or one worker fault:
 *   PLUGIN_NAME="x"          descriptor name (default "test-plain")
 *   ABI_VERSION=n            descriptor abi_version (default NETMATRIX_ABI_VERSION)
 *   STRUCT_SIZE=n            descriptor struct_size (default sizeof)
 *   ROLES=n                  descriptor roles (default send|receive|wire)
 *   NULL_SEND                roles say send, function pointer is NULL
 *   NO_ENTRY                 export no entry symbol
 *   CRASH_ON_LOAD            a constructor that segfaults while the file is dlopen'ed
 *   FAULT=segv|abort|hang|exit|corrupt|error|closefds   in role FAULT_ROLE (1 send, 2 receive), after FAULT_AFTER bytes
 *                            (closefds: close stdout, stderr and the report pipe, then hang)
 *   CORRUPT_AT=n             receive: flip the low bit of stream byte n (FAULT=corrupt)
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netmatrix_plugin.h"

#ifndef PLUGIN_NAME
#define PLUGIN_NAME "test-plain"
#endif
#ifndef ABI_VERSION
#define ABI_VERSION NETMATRIX_ABI_VERSION
#endif
#ifndef STRUCT_SIZE
#define STRUCT_SIZE sizeof(nm_plugin_descriptor)
#endif
#ifndef ROLES
#define ROLES (NM_ROLE_SEND | NM_ROLE_RECEIVE | NM_ROLE_WIRE)
#endif
#ifndef FAULT_ROLE
#define FAULT_ROLE 2
#endif
#ifndef FAULT_AFTER
#define FAULT_AFTER (1u << 20)
#endif
#ifndef CORRUPT_AT
#define CORRUPT_AT 1048586u
#endif

#define FAULT_NONE 0
#define FAULT_segv 1
#define FAULT_abort 2
#define FAULT_hang 3
#define FAULT_exit 4
#define FAULT_corrupt 5
#define FAULT_error 6
#define FAULT_closefds 7
#define CONCAT(a, b) a##b
#define FAULT_CODE(name) CONCAT(FAULT_, name)
#ifdef FAULT
#define THE_FAULT FAULT_CODE(FAULT)
#else
#define THE_FAULT FAULT_NONE
#endif

static void fault(nm_context *ctx, uint64_t done, int role) {
    if (role != FAULT_ROLE || done < FAULT_AFTER) return;
    switch (THE_FAULT) {
    case FAULT_segv: { int *volatile nowhere = (int *)8; *nowhere = 1; break; }
    case FAULT_abort: abort();
    case FAULT_hang: for (;;) pause();
    case FAULT_exit: _exit(7);
    case FAULT_closefds: close(1); close(2); close(3); for (;;) pause();
    default: break;
    }
    (void)ctx;
}

static int fail(nm_context *ctx, int code, const char *what) {
    snprintf(ctx->error, sizeof ctx->error, "%s: %s", what, strerror(code));
    return code;
}

/* This plugin takes no options: any key is unknown, and the error names it. */
static int check_options(nm_context *ctx) {
    if (ctx->options == NULL || ctx->options[0] == '\0') return 0;
    size_t key = strcspn(ctx->options, "=,");
    snprintf(ctx->error, sizeof ctx->error, "unknown option %.*s", (int)key, ctx->options);
    return EINVAL;
}

static int plain_send(nm_context *ctx) {
    if (check_options(ctx) != 0) return EINVAL;
    uint64_t offset = 0;
    while (!ctx->host->should_stop(ctx)) {
        uint64_t position = ctx->protocol == NM_PROTOCOL_UDP ? 0 : offset % ctx->payload_size;
        size_t length = ctx->message_size;
        if (length > ctx->payload_size - position) length = ctx->payload_size - position;
        ssize_t sent = send(ctx->socket_fd, ctx->payload + position, length, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR || errno == EAGAIN || (ctx->protocol == NM_PROTOCOL_UDP && (errno == ENOBUFS || errno == ECONNREFUSED))) continue;
            return fail(ctx, errno, "send");
        }
        offset += (uint64_t)sent;
        ctx->counters.bytes += (uint64_t)sent;
        ctx->counters.messages++;
        fault(ctx, offset, 1);
        if (THE_FAULT == FAULT_error && FAULT_ROLE == 1 && offset >= FAULT_AFTER) return fail(ctx, EPROTO, "send");
    }
    return 0;
}

static int plain_receive(nm_context *ctx) {
    if (check_options(ctx) != 0) return EINVAL;
    uint64_t offset = 0;
#ifdef COUNTERS
    uint64_t receive_calls = 0;
#endif
    size_t length = ctx->message_size < ctx->app_buffer_size ? ctx->message_size : ctx->app_buffer_size;
    if (ctx->protocol == NM_PROTOCOL_UDP) {
        struct timeval timeout = {0, 50000};
        setsockopt(ctx->socket_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    while (!ctx->host->should_stop(ctx)) {
        ssize_t got = recv(ctx->socket_fd, ctx->app_buffer, length, 0);
        if (got == 0) return 0;
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return fail(ctx, errno, "recv");
        }
        if (THE_FAULT == FAULT_corrupt && ctx->protocol == NM_PROTOCOL_TCP && offset <= CORRUPT_AT && CORRUPT_AT < offset + (uint64_t)got)
            ctx->app_buffer[CORRUPT_AT - offset] ^= 1;
        if (THE_FAULT == FAULT_corrupt && ctx->protocol == NM_PROTOCOL_UDP && offset >= CORRUPT_AT && offset < CORRUPT_AT + (uint64_t)got)
            ctx->app_buffer[got / 2] ^= 1;
        offset += (uint64_t)got;
        ctx->counters.bytes_copied += (uint64_t)got;
#ifdef COUNTERS
        /* A plugin's own counter (ABI 1.1); a real plugin would set it once, after the loop. */
        ctx->host->counter(ctx, "recv_calls", ++receive_calls);
        if (receive_calls == 1) ctx->host->log(ctx, "counting receive calls");
#endif
        fault(ctx, offset, 2);
        if (THE_FAULT == FAULT_error && FAULT_ROLE == 2 && offset >= FAULT_AFTER) return fail(ctx, EPROTO, "recv");
        if (ctx->host->deliver(ctx, ctx->app_buffer, (size_t)got) != 0) return 0;
    }
    return 0;
}

static int plain_wire(nm_context *ctx) {
    static uint8_t frame[65536 + 64];
    struct pollfd fds[2] = {{ctx->tap_fd[0], POLLIN, 0}, {ctx->tap_fd[1], POLLIN, 0}};
    while (!ctx->host->should_stop(ctx)) {
        int ready = poll(fds, 2, 50);
        if (ready < 0 && errno != EINTR) return fail(ctx, errno, "poll");
        for (int side = 0; ready > 0 && side < 2; side++) {
            if (!(fds[side].revents & POLLIN)) continue;
            ssize_t got = read(fds[side].fd, frame, sizeof frame);
            if (got < 0) { if (errno == EINTR || errno == EAGAIN) continue; return fail(ctx, errno, "read tap"); }
            if (write(fds[1 - side].fd, frame, (size_t)got) < 0 && errno != EINTR && errno != EAGAIN && errno != EIO)
                return fail(ctx, errno, "write tap");
            ctx->counters.bytes += (uint64_t)got;
            ctx->counters.messages++;
            if (side == 0) ctx->counters.frames_a_to_b++; else ctx->counters.frames_b_to_a++;
        }
    }
    return 0;
}

static const nm_plugin_descriptor descriptor = {
    .abi_version = ABI_VERSION,
    .struct_size = STRUCT_SIZE,
    .name = PLUGIN_NAME,
    .version = "0.0.1",
    .description = "plain send/recv for the host's tests",
    .roles = ROLES,
    .send_modes = "plain",
    .receive_modes = "plain",
    .wire_modes = "",
    .options_help = "",
#ifdef NULL_SEND
    .send = NULL,
#else
    .send = plain_send,
#endif
    .receive = plain_receive,
    .wire = plain_wire,
};

#ifdef CRASH_ON_LOAD
__attribute__((constructor)) static void crash_on_load(void) { int *volatile nowhere = (int *)8; *nowhere = 1; }
#endif

#ifndef NO_ENTRY
NETMATRIX_PLUGIN_EXPORT const nm_plugin_descriptor *NETMATRIX_PLUGIN_ENTRY(void) { return &descriptor; }
#else
NETMATRIX_PLUGIN_EXPORT const nm_plugin_descriptor *some_other_symbol(void) { return &descriptor; }
#endif
