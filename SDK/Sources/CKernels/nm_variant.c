/* Run-time variant choice: probe the CPU once, let NETMATRIX_KERNEL_VARIANT
 * cap the choice, and remember it so every call dispatches the same way. */
#include "nm_kernels.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nm_variant selected_variant = NM_VARIANT_SCALAR;
static pthread_once_t selection_once = PTHREAD_ONCE_INIT;

int nm_variant_supported(nm_variant variant) {
    switch (variant) {
    case NM_VARIANT_SCALAR:
        return 1;
#if defined(__x86_64__) || defined(__i386__)
    case NM_VARIANT_SSE2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("sse2");
    case NM_VARIANT_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2");
#endif
    default:
        return 0;
    }
}

const char *nm_variant_name(nm_variant variant) {
    switch (variant) {
    case NM_VARIANT_SCALAR: return "scalar";
    case NM_VARIANT_SSE2: return "sse2";
    case NM_VARIANT_AVX2: return "avx2";
    default: return "unknown";
    }
}

int nm_variant_parse(const char *name, nm_variant *variant) {
    static const nm_variant all[] = {NM_VARIANT_SCALAR, NM_VARIANT_SSE2, NM_VARIANT_AVX2};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (name != NULL && strcmp(name, nm_variant_name(all[i])) == 0) {
            *variant = all[i];
            return 0;
        }
    }
    return -1;
}

static void select_variant(void) {
    nm_variant best = NM_VARIANT_SCALAR;
    if (nm_variant_supported(NM_VARIANT_AVX2)) best = NM_VARIANT_AVX2;
    else if (nm_variant_supported(NM_VARIANT_SSE2)) best = NM_VARIANT_SSE2;
    nm_variant cap;
    if (nm_variant_parse(getenv("NETMATRIX_KERNEL_VARIANT"), &cap) == 0 && cap < best) best = cap;
    selected_variant = best;
}

nm_variant nm_kernels_selected_variant(void) {
    pthread_once(&selection_once, select_variant);
    return selected_variant;
}

const char *nm_kernels_variant(void) {
    return nm_variant_name(nm_kernels_selected_variant());
}

/* Sizes in sysfs read like "48K" or "300M". */
static size_t parse_cache_size(const char *text) {
    char *end = NULL;
    unsigned long long value = strtoull(text, &end, 10);
    if (end == text) return 0;
    switch (*end) {
    case 'K': value <<= 10; break;
    case 'M': value <<= 20; break;
    case 'G': value <<= 30; break;
    default: break;
    }
    return (size_t)value;
}

size_t nm_last_level_cache_size(size_t fallback) {
    size_t largest = 0;
    for (int index = 0; index < 16; index++) {
        char path[96], type[32] = "", size[32] = "";
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", index);
        FILE *file = fopen(path, "r");
        if (file == NULL) break;
        int read_type = fgets(type, sizeof type, file) != NULL;
        fclose(file);
        if (!read_type || strncmp(type, "Instruction", 11) == 0) continue;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", index);
        file = fopen(path, "r");
        if (file == NULL) continue;
        if (fgets(size, sizeof size, file) != NULL) {
            size_t bytes = parse_cache_size(size);
            if (bytes > largest) largest = bytes;
        }
        fclose(file);
    }
    return largest > 0 ? largest : fallback;
}
