/* Hot data-path kernels shared by the C plugins and the kernel benchmark:
 * Internet checksum (RFC 1071), fused copy+checksum, non-temporal SIMD copy.
 * Each picks its variant (AVX2 / SSE2 / scalar) once at run time. */
#ifndef NETMATRIX_KERNELS_H
#define NETMATRIX_KERNELS_H
#include <stddef.h>
#include <stdint.h>
#endif
