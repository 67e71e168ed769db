/* Host-side only: C layout facts for the ABI conformance test. Plugins do not need this. */
#ifndef NETMATRIX_ABI_LAYOUT_H
#define NETMATRIX_ABI_LAYOUT_H
#include <stddef.h>
size_t nm_abi_sizeof_descriptor(void);
size_t nm_abi_sizeof_context(void);
size_t nm_abi_sizeof_counters(void);
size_t nm_abi_sizeof_host_api(void);
size_t nm_abi_offsetof_descriptor_send(void);
size_t nm_abi_offsetof_descriptor_wire(void);
size_t nm_abi_offsetof_context_counters(void);
size_t nm_abi_offsetof_context_error(void);
size_t nm_abi_offsetof_context_host(void);
size_t nm_abi_offsetof_host_api_counter(void);
#endif
