/*
 * What nm_keep guards against, counted: app_copies-style passes (copy a message
 * out to a scratch buffer and back, PASSES times) built at -O2 with and without
 * KEEP, and a memcpy that counts its calls, built apart (-DCOUNTING_MEMCPY
 * -fno-builtin) so the optimiser cannot see it. The program prints how many
 * copies ran. Built by BlackHoleTests.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef COUNTING_MEMCPY
size_t copies;

void *memcpy(void *restrict to, const void *restrict from, size_t length) {
    copies++;
    unsigned char *out = to;
    const unsigned char *in = from;
    for (size_t i = 0; i < length; i++) out[i] = in[i];
    return to;
}
#else
#include <string.h>

#include "nm_keep.h"

enum { PASSES = 4 };
extern size_t copies;

static void passes(unsigned char *message, unsigned char *scratch, size_t length) {
    for (int pass = 0; pass < PASSES; pass++) {
        memcpy(scratch, message, length);
#ifdef KEEP
        nm_keep(scratch, length);
#endif
        memcpy(message, scratch, length);
#ifdef KEEP
        nm_keep(message, length);
#endif
    }
}

int main(int argc, char **argv) {
    /* The length comes from the command line, so no copy is a known size. */
    size_t length = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 4096;
    unsigned char *message = calloc(1, length);
    unsigned char *scratch = calloc(1, length);
    if (!message || !scratch) return 1;
    passes(message, scratch, length);
    printf("%zu\n", copies);
    return message[0] + scratch[0];
}
#endif
