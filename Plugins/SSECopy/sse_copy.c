/* The sse-copy plugin's descriptor and entry symbol. */
#include "sse_copy_plugin.h"

static const nm_plugin_descriptor sse_copy_descriptor = {
    .abi_version = NETMATRIX_ABI_VERSION,
    .struct_size = sizeof(nm_plugin_descriptor),
    .name = "sse-copy",
    .version = "1.0.0",
    .description = "receive through a staging buffer with a SIMD non-temporal copy into the app buffer; "
                   "wire copies frames the same way",
    .roles = NM_ROLE_RECEIVE | NM_ROLE_WIRE,
    .send_modes = NULL,
    .receive_modes = NULL,
    .wire_modes = NULL,
    .options_help = "nt=auto|1|0: streaming stores only when the destination exceeds half the LLC (auto, default), "
                    "always (1), or never (0)\n"
                    "variant=avx2|sse2|scalar: cap the SIMD variant (default: the best this CPU runs; scalar is memcpy)\n",
    .send = NULL,
    .receive = sse_copy_receive,
    .wire = sse_copy_wire,
};

NETMATRIX_PLUGIN_EXPORT const nm_plugin_descriptor *NETMATRIX_PLUGIN_ENTRY(void) {
    return &sse_copy_descriptor;
}

