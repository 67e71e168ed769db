/* The csum-copy plugin's descriptor and entry symbol. */
#include "csum_copy_plugin.h"

static const nm_plugin_descriptor csum_copy_descriptor = {
    .abi_version = NETMATRIX_ABI_VERSION,
    .struct_size = sizeof(nm_plugin_descriptor),
    .name = "csum-copy",
    .version = "1.0.0",
    .description = "receive through a hot staging buffer with one fused copy+Internet-checksum pass; "
                   "wire completes NEEDS_CSUM checksums while copying",
    .roles = NM_ROLE_RECEIVE | NM_ROLE_WIRE,
    .send_modes = NULL,
    .receive_modes = NULL,
    .wire_modes = NULL,
    .options_help = "fused=1|0: one fused copy+checksum pass (1, default), or copy then a checksum pass over each message\n"
                    "nt=auto|0|1: non-temporal stores into the app buffer (auto: when it exceeds half the LLC)\n"
                    "variant=avx2|sse2|scalar: cap the SIMD variant (default: the best this CPU runs)\n",
    .send = NULL,
    .receive = csum_copy_receive,
    .wire = csum_copy_wire,
};

NETMATRIX_PLUGIN_EXPORT const nm_plugin_descriptor *NETMATRIX_PLUGIN_ENTRY(void) {
    return &csum_copy_descriptor;
}

