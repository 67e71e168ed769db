/*
 * netmatrix_plugin.h — the netmatrix data-path plugin ABI.
 *
 * This is the only header a plugin author needs. A plugin is an ELF shared
 * object that exports one C symbol, NETMATRIX_PLUGIN_ENTRY_SYMBOL, returning a
 * pointer to a static nm_plugin_descriptor. The host checks the ABI version and
 * the descriptor size before it calls anything else, and never unloads a plugin.
 *
 * A plugin runs inside a worker process that has already entered its network
 * namespace and set up the socket or TAP file descriptors. Each role function
 * runs one transfer to completion and returns 0, or a non-zero errno-style code
 * with a one-line reason written into ctx->error.
 *
 * Options reach a role as "key=value,key=value" (nm_context.options); the keys a
 * plugin accepts are the ones its descriptor's options_help lists (see there).
 *
 * Only C types cross this boundary. Strings are NUL-terminated UTF-8 and owned
 * by whoever allocated them; the plugin's static strings must live forever.
 */
#ifndef NETMATRIX_PLUGIN_H
#define NETMATRIX_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A major bump breaks compatibility and renames the entry symbol; a minor bump
 * only appends fields (the host and the plugin compare struct_size). */
#define NETMATRIX_ABI_MAJOR 1
#define NETMATRIX_ABI_MINOR 1
#define NETMATRIX_ABI_VERSION ((NETMATRIX_ABI_MAJOR << 16) | NETMATRIX_ABI_MINOR)
#define NETMATRIX_PLUGIN_ENTRY netmatrix_plugin_abi_v1
#define NETMATRIX_PLUGIN_ENTRY_SYMBOL "netmatrix_plugin_abi_v1"

/* Roles a plugin implements (nm_plugin_descriptor.roles). */
enum {
    NM_ROLE_SEND = 1u << 0,    /* push payload bytes into a connected socket */
    NM_ROLE_RECEIVE = 1u << 1, /* deliver socket bytes into the application buffer */
    NM_ROLE_WIRE = 1u << 2,    /* move frames between two TAP devices */
};

/* Transport of the connected socket (nm_context.protocol). */
enum {
    NM_PROTOCOL_TCP = 6,  /* IPPROTO_TCP: a byte stream */
    NM_PROTOCOL_UDP = 17, /* IPPROTO_UDP: every datagram starts at pattern offset 0 */
};

/* Counters a plugin fills; the host adds its own (bytes verified, CPU). */
typedef struct nm_counters {
    uint64_t bytes;                 /* send: bytes handed to the kernel; wire: bytes forwarded */
    uint64_t messages;              /* send calls, or frames forwarded */
    uint64_t zerocopy_completions;  /* MSG_ZEROCOPY completions without a copy */
    uint64_t copied_completions;    /* ... with SO_EE_CODE_ZEROCOPY_COPIED */
    uint64_t bytes_mapped;          /* receive: bytes delivered by page mapping */
    uint64_t bytes_copied;          /* receive: bytes delivered by copying */
    uint64_t frames_a_to_b;         /* wire */
    uint64_t frames_b_to_a;         /* wire */
    uint64_t checksums_completed;   /* wire: NEEDS_CSUM frames finished in software */
    char variant[32];               /* e.g. "avx2", "sse2", "scalar": the code path that ran */
    uint64_t reserved[8];
} nm_counters;

struct nm_context;

/* Services the host offers a running plugin. */
typedef struct nm_host_api {
    uint32_t struct_size;
    /* Non-zero once the cell's duration or byte budget is reached, or the host
     * asks the plugin to stop. Cheap: an atomic load. */
    int (*should_stop)(const struct nm_context *ctx);
    /* Receive role: `len` bytes of the stream now sit at `data` in the
     * application buffer (or a mapping). The host counts and verifies them.
     * Returns 0 to continue, non-zero to stop (budget reached or bad bytes;
     * ctx->error then says which). */
    int (*deliver)(struct nm_context *ctx, const void *data, size_t len);
    /* One line to the worker's log (stderr of the worker; `run --show-logs` prints it). */
    void (*log)(const struct nm_context *ctx, const char *message);
    /* ABI 1.1: sets one of the plugin's own counters, reported per sample
     * beside the host's (results.json `pluginCounters`, `run`). `name` is
     * [a-z0-9_], 1 to NM_COUNTER_NAME_MAX bytes; at most NM_COUNTERS_MAX names
     * per role invocation; setting a name again replaces its value. Call it
     * when the value is final (after the loop), not per byte. A host older
     * than 1.1 refuses a 1.1 plugin, so the pointer is never NULL for one. */
    void (*counter)(struct nm_context *ctx, const char *name, uint64_t value);
    void *reserved[4];
} nm_host_api;

/* Limits of nm_host_api.counter. */
enum {
    NM_COUNTER_NAME_MAX = 31,
    NM_COUNTERS_MAX = 8,
};

/* Everything one role invocation gets. The host owns all of it. */
typedef struct nm_context {
    uint32_t struct_size;
    uint32_t role;             /* exactly one NM_ROLE_* */
    int32_t protocol;          /* NM_PROTOCOL_* (send/receive) */
    int32_t socket_fd;         /* connected socket (send/receive), else -1 */
    int32_t tap_fd[2];         /* wire: the two TAP devices, else -1 */
    int32_t vnet_hdr_size;     /* wire: size of the virtio_net_hdr prefix on each frame, 0 if none */
    int32_t payload_memfd;     /* send: memfd holding the pattern (for sendfile/splice), else -1 */
    const char *mode;          /* the mode asked for, "" for the plugin's default */
    const char *options;       /* "key=value,key=value", "" if none */
    const uint8_t *payload;    /* the pattern, mapped read-only */
    uint64_t payload_size;     /* its length; the stream repeats it: byte i is payload[i % payload_size] */
    uint8_t *app_buffer;       /* receive: the application buffer */
    uint64_t app_buffer_size;
    uint64_t message_size;     /* bytes per send call, or receive buffer slice */
    uint32_t mtu;              /* wire: link MTU, to size frame buffers */
    uint32_t reserved_u32;
    nm_counters counters;      /* the plugin writes these */
    char error[256];           /* the plugin's one-line reason when it returns non-zero */
    const nm_host_api *host;
    void *host_data;           /* the host's, opaque */
    void *plugin_data;         /* the plugin's, free for its use */
    void *reserved[8];
} nm_context;

typedef int (*nm_role_fn)(nm_context *ctx);

/* What the entry symbol returns. Static, immutable, alive forever. */
typedef struct nm_plugin_descriptor {
    uint32_t abi_version;      /* NETMATRIX_ABI_VERSION the plugin was built with */
    uint32_t struct_size;      /* sizeof(nm_plugin_descriptor) as the plugin saw it */
    const char *name;          /* unique, [a-z0-9-], e.g. "csum-copy" */
    const char *version;       /* the plugin's own version, e.g. "1.0.0" */
    const char *description;   /* one line */
    uint32_t roles;            /* NM_ROLE_* bits */
    uint32_t reserved_u32;
    /* Comma-separated modes per role; the first is the default; NULL or "" means one unnamed mode. */
    const char *send_modes;
    const char *receive_modes;
    const char *wire_modes;
    /* The options the plugin accepts, one line per key: "key=value: meaning",
     * e.g. "fused=1|0: one fused copy+checksum pass". The key is the text before
     * the line's first '=' (letters, digits, '_' and '-'); other lines are free
     * text. netmatrix reads the accepted keys from here and refuses any other key
     * before a cell runs, so list every key the plugin reads; the plugin still
     * refuses an unknown key itself, naming it. The value part (optionally in
     * <>) is checked too when it has one of these forms: "N..M" an integer in
     * that range, "N..M bytes" a byte count (digits and an optional K, M or G,
     * binary) in that range, "a|b|c" one of those words; any other text is for
     * people. "" or NULL: no options. */
    const char *options_help;
    nm_role_fn send;           /* NULL unless NM_ROLE_SEND */
    nm_role_fn receive;        /* NULL unless NM_ROLE_RECEIVE */
    nm_role_fn wire;           /* NULL unless NM_ROLE_WIRE */
    void *reserved[8];
} nm_plugin_descriptor;

typedef const nm_plugin_descriptor *(*nm_plugin_entry_fn)(void);

/* Declares the entry point. In a plugin's C file:
 *     NETMATRIX_PLUGIN_EXPORT const nm_plugin_descriptor *NETMATRIX_PLUGIN_ENTRY(void) { return &my_plugin; }
 */
#define NETMATRIX_PLUGIN_EXPORT __attribute__((visibility("default"))) extern

#ifdef __cplusplus
}
#endif

#endif /* NETMATRIX_PLUGIN_H */
