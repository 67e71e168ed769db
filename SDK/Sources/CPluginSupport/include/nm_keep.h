/*
 * Keeping work from being optimised away. An optimiser sees that a pass whose
 * result nobody reads is dead, and that N identical copies of a buffer leave it
 * as one copy does, and deletes or merges them: a plugin's "slow" mode then
 * measures nothing (the same trick as Google Benchmark's DoNotOptimize and
 * criterion's black_box). After each pass that must happen, call
 *
 *     nm_keep(buffer, length);
 *
 * The empty asm statement takes the pointer and clobbers memory, so the
 * compiler must assume it reads (and may change) every byte it can reach: every
 * store before it is done, and every load after it is done again. It emits no
 * instruction. Header-only: a plugin built against netmatrix_plugin.h alone can
 * copy this file. PluginKit's BlackHole.keep is the Swift counterpart.
 */
#ifndef NETMATRIX_KEEP_H
#define NETMATRIX_KEEP_H

#include <stddef.h>

static inline __attribute__((always_inline)) void nm_keep(const void *pointer, size_t length) {
    __asm__ volatile("" : : "r"(pointer), "r"(length) : "memory");
}

/* A value computed only to be kept (a checksum of the passes): pass its address. */
#define NM_KEEP_VALUE(value) nm_keep(&(value), sizeof(value))

#endif
