/* netmatrix-kernel-bench: the C kernels measured side by side in one run.
 *
 *   swift build -c release --product netmatrix-kernel-bench
 *   .build/release/netmatrix-kernel-bench [--json] [--repetitions N] [--large-bytes N] [--only a1,b1]
 *
 * Each row times A and B alternately (A B A B ...) after a warm-up and reports
 * median seconds, throughput and the ratio B/A (above 1: A is faster). */
#include "bench_cases.h"
#include "bench_pair.h"
#include "nm_kernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct bench_options {
    int json;
    int repetitions;
    size_t large_bytes;     /* 0: twice the last-level cache */
    int in_cache_iterations;
    const char *only;       /* comma-separated ids, NULL for all */
} bench_options;

static void usage(FILE *out) {
    fprintf(out,
            "usage: netmatrix-kernel-bench [--json] [--repetitions N] [--large-bytes N] [--iterations N] [--only IDS]\n"
            "  --json           machine-readable results on stdout\n"
            "  --repetitions N  rounds per row, each timing A then B (default 11)\n"
            "  --large-bytes N  size of the buffers meant to exceed the LLC (default 2 x LLC)\n"
            "  --iterations N   passes over a 64 KiB buffer per in-cache timing (default 4096)\n"
            "  --only IDS       run only these rows, e.g. a1,b1,c1\n"
            "example: netmatrix-kernel-bench --repetitions 15 --json > kernels.json\n");
}

static int parse_options(int argc, char **argv, bench_options *options) {
    *options = (bench_options){0, 11, 0, 4096, NULL};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--json") == 0) {
            options->json = 1;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (value != NULL && strcmp(arg, "--repetitions") == 0) {
            options->repetitions = atoi(value), i++;
        } else if (value != NULL && strcmp(arg, "--large-bytes") == 0) {
            options->large_bytes = strtoull(value, NULL, 0), i++;
        } else if (value != NULL && strcmp(arg, "--iterations") == 0) {
            options->in_cache_iterations = atoi(value), i++;
        } else if (value != NULL && strcmp(arg, "--only") == 0) {
            options->only = value, i++;
        } else {
            fprintf(stderr, "netmatrix-kernel-bench: unknown or incomplete argument '%s'\n", arg);
            usage(stderr);
            return -1;
        }
    }
    if (options->repetitions < 1 || options->in_cache_iterations < 1) {
        fprintf(stderr, "netmatrix-kernel-bench: --repetitions and --iterations must be at least 1\n");
        return -1;
    }
    return 0;
}

static int selected(const char *only, const char *id) {
    if (only == NULL) return 1;
    size_t length = strlen(id);
    for (const char *at = only; (at = strstr(at, id)) != NULL; at += length) {
        int starts = at == only || at[-1] == ',';
        int ends = at[length] == '\0' || at[length] == ',';
        if (starts && ends) return 1;
    }
    return 0;
}

/* The 1-minute load average: other busy processes share the memory bus and
 * the cores, so a reader must know how quiet the machine was. */
static double load_average(void) {
    double load = -1;
    FILE *file = fopen("/proc/loadavg", "r");
    if (file == NULL) return -1;
    if (fscanf(file, "%lf", &load) != 1) load = -1;
    fclose(file);
    return load;
}

static const char *verdict(const bench_result *result) {
    if (result->pair->goal <= 0) return "info";
    return result->ratio >= result->pair->goal ? "met" : "NOT MET";
}

static double gigabytes_per_second(uint64_t bytes, double seconds) {
    return seconds > 0 ? (double)bytes / seconds / 1e9 : 0;
}

static void print_table(const bench_result *results, int count, size_t llc, size_t large, int repetitions,
                        double load_before, double load_after) {
    printf("netmatrix-kernel-bench: variant %s, LLC %zu MiB, large buffers %zu MiB, %d rounds (A B A B ...), medians\n",
           nm_kernels_variant(), llc >> 20, large >> 20, repetitions);
    printf("load average (1 min) before %.2f, after %.2f on %ld CPUs%s\n", load_before, load_after,
           sysconf(_SC_NPROCESSORS_ONLN),
           load_before > 1.0 ? ": other processes were running, ratios are less reliable" : "");
    printf("%-3s %-26s %9s  %-26s %9s  %6s  %-15s %5s  %s\n", "id", "A", "A GB/s", "B", "B GB/s", "B/A",
           "[min..max]", "goal", "verdict");
    for (int i = 0; i < count; i++) {
        const bench_result *r = &results[i];
        const bench_pair *p = r->pair;
        char goal[16] = "-", range[32];
        if (p->goal > 0) snprintf(goal, sizeof goal, "%.2f", p->goal);
        snprintf(range, sizeof range, "[%.2f..%.2f]", r->ratio_low, r->ratio_high);
        printf("%-3s %-26s %9.2f  %-26s %9.2f  %6.2f  %-15s %5s  %s\n", p->id, p->a.name,
               gigabytes_per_second(p->bytes_per_run, r->a_median_seconds), p->b.name,
               gigabytes_per_second(p->bytes_per_run, r->b_median_seconds), r->ratio, range, goal, verdict(r));
    }
    printf("\n");
    for (int i = 0; i < count; i++) printf("%-3s %s\n", results[i].pair->id, results[i].pair->title);
    printf("receive rows: a simulated recv (memcpy from a hot 64 KiB source) fills a 64 KiB staging buffer per chunk in both A and B.\n");
}

static void print_json(const bench_result *results, int count, size_t llc, size_t large, int repetitions,
                       double load_before, double load_after) {
    printf("{\n  \"schema\": 1,\n  \"variant\": \"%s\",\n  \"llc_bytes\": %zu,\n  \"large_bytes\": %zu,\n"
           "  \"chunk_bytes\": %d,\n  \"repetitions\": %d,\n  \"load_average_before\": %.2f,\n"
           "  \"load_average_after\": %.2f,\n  \"results\": [\n",
           nm_kernels_variant(), llc, large, BENCH_CHUNK, repetitions, load_before, load_after);
    for (int i = 0; i < count; i++) {
        const bench_result *r = &results[i];
        const bench_pair *p = r->pair;
        printf("    {\"id\": \"%s\", \"title\": \"%s\", \"a\": \"%s\", \"b\": \"%s\", \"bytes_per_run\": %llu,\n"
               "     \"a_median_seconds\": %.9f, \"b_median_seconds\": %.9f, \"a_gbps\": %.3f, \"b_gbps\": %.3f,\n"
               "     \"ratio\": %.4f, \"ratio_min\": %.4f, \"ratio_max\": %.4f, \"goal\": ",
               p->id, p->title, p->a.name, p->b.name, (unsigned long long)p->bytes_per_run, r->a_median_seconds,
               r->b_median_seconds, gigabytes_per_second(p->bytes_per_run, r->a_median_seconds),
               gigabytes_per_second(p->bytes_per_run, r->b_median_seconds), r->ratio, r->ratio_low, r->ratio_high);
        if (p->goal > 0) printf("%.2f, \"met\": %s}", p->goal, r->ratio >= p->goal ? "true" : "false");
        else printf("null, \"met\": null}");
        printf("%s\n", i + 1 < count ? "," : "");
    }
    printf("  ]\n}\n");
}

int main(int argc, char **argv) {
    bench_options options;
    if (parse_options(argc, argv, &options) != 0) return 2;
    size_t llc = nm_last_level_cache_size(32u << 20);
    size_t large = options.large_bytes ? options.large_bytes : ((2 * llc + (1u << 20) - 1) & ~(size_t)((1u << 20) - 1));
    if (large < BENCH_CHUNK) large = BENCH_CHUNK;

    bench_pair *pairs = NULL;
    int count = bench_build_pairs(&pairs, large, options.in_cache_iterations);
    if (count < 0) {
        fprintf(stderr, "netmatrix-kernel-bench: cannot allocate %zu-byte buffers\n", large);
        return 3;
    }
    double load_before = load_average();
    bench_result results[16];
    int measured = 0;
    for (int i = 0; i < count; i++) {
        if (!selected(options.only, pairs[i].id)) continue;
        if (!options.json) fprintf(stderr, "measuring %s: %s\n", pairs[i].id, pairs[i].title);
        results[measured++] = bench_measure(&pairs[i], options.repetitions);
    }
    double load_after = load_average();
    if (options.json) print_json(results, measured, llc, large, options.repetitions, load_before, load_after);
    else print_table(results, measured, llc, large, options.repetitions, load_before, load_after);
    return 0;
}
